/**
 * The web page at GET /: header (language switch, live indicator, link to /docs), the upload
 * and jobs cards, and the job pane. The open job is in the URL hash (#job=<id>), so a reload or
 * a shared link shows the same job. Styles are bundled from ./styles/ (with the Amiri Quran font).
 */
import "./styles/base.css";
import "./styles/components.css";
import { apiKey, setApiKey } from "./apiClient.ts";
import { el, label } from "./dom.ts";
import { applyLanguage, bindLabel, currentLanguage, onLanguageChange, t } from "./i18n.ts";
import { createJobsList } from "./jobsList.ts";
import { JobsStore } from "./jobsStore.ts";
import { JobView } from "./jobView.ts";
import { createUploadPanel } from "./uploadPanel.ts";

function jobIdFromHash(): string | null {
  const match = /^#job=([0-9a-f-]{8,64})$/i.exec(location.hash);
  return match ? match[1] : null;
}

/** With API_KEY set the page needs the key before anything else (the page itself is public). */
async function ensureApiKey(): Promise<void> {
  for (;;) {
    const headers: Record<string, string> = {};
    const key = apiKey();
    if (key) headers["X-API-Key"] = key;
    const response = await fetch("/jobs?limit=1", { headers });
    if (response.status !== 401) return;
    const entered = prompt(t("app.apiKeyPrompt"));
    if (entered === null) return;
    setApiKey(entered.trim());
  }
}

function header(store: JobsStore): HTMLElement {
  const live = el("span", { class: "live", "data-live": "false" }, el("span", { class: "live-dot", "aria-hidden": "true" }), label("span", "app.offline"));
  store.onConnection((isLive) => {
    live.dataset.live = String(isLive);
    bindLabel(live.lastElementChild as HTMLElement, isLive ? "app.live" : "app.offline");
  });
  const language = label("button", "app.language", {}, { class: "btn btn-quiet btn-small", type: "button", lang: currentLanguage() === "en" ? "ar" : "en" });
  bindLabel(language, "app.languageLabel", {}, "aria-label");
  language.addEventListener("click", () => {
    applyLanguage(currentLanguage() === "en" ? "ar" : "en");
    language.lang = currentLanguage() === "en" ? "ar" : "en";
  });
  return el("header", { class: "topbar" },
    el("div", { class: "brand" }, el("span", { class: "brand-mark", "aria-hidden": "true" }),
      el("div", {}, label("h1", "app.title", {}, { class: "brand-name" }), label("p", "app.tagline", {}, { class: "brand-tagline" }))),
    el("nav", { class: "topbar-actions" }, live, label("a", "app.docs", {}, { class: "btn btn-quiet btn-small", href: "/docs" }), language));
}

async function start(): Promise<void> {
  const root = document.getElementById("app")!;
  const store = new JobsStore();
  const open = (id: string | null): void => {
    if (id !== jobView.current() && jobView.hasUnsavedChanges() && !confirm(t("editor.leave"))) return;
    const hash = id ? `#job=${id}` : "";
    if (location.hash !== hash) history.pushState(null, "", hash || location.pathname);
    layout.classList.toggle("has-job", id !== null);
    void jobView.show(id);
    jobs.refresh();
    if (id && matchMedia("(max-width: 900px)").matches) jobView.element.scrollIntoView({ behavior: "smooth", block: "start" });
  };
  const jobView = new JobView(store, () => open(null));
  const jobs = createJobsList(store, (id) => open(id), () => jobView.current());
  const upload = createUploadPanel({ onQueued: (job) => { if (!store.get(job.job_id)) store.upsert(job); }, onOpen: (id) => open(id) });
  const layout = el("main", { class: "layout" }, el("div", { class: "sidebar" }, upload, jobs.element), jobView.element);
  root.replaceChildren(header(store), layout);
  onLanguageChange(() => jobs.refresh()); // the rows' times are formatted in the page's language
  applyLanguage(currentLanguage());
  window.addEventListener("popstate", () => open(jobIdFromHash()));
  window.addEventListener("beforeunload", (event) => {
    if (jobView.hasUnsavedChanges()) event.preventDefault();
  });
  await ensureApiKey();
  store.connect();
  open(jobIdFromHash());
}

void start();
