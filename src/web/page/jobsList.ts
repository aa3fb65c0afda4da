/**
 * The jobs card: one row per job (newest first) with status, stage and progress, kept up to date
 * in place from the store (a row keeps its element, so focus and hover survive updates). Cancel
 * for queued/running jobs, delete for finished ones, "clear finished" for all of them.
 */
import { api, type JobStatus } from "./apiClient.ts";
import { el, label } from "./dom.ts";
import { bindLabel, currentLanguage, t } from "./i18n.ts";
import { isFinished, type JobsStore } from "./jobsStore.ts";
import type { StringKey } from "./strings.ts";
import { showToast } from "./toast.ts";

interface Row {
  element: HTMLElement;
  update(job: JobStatus, selected: boolean): void;
}

export function stageKey(stage: string | undefined): StringKey {
  const key = `stage.${stage ?? "starting"}`;
  return (key in STAGE_KEYS ? key : "stage.starting") as StringKey;
}
const STAGE_KEYS: Record<string, true> = Object.fromEntries(
  ["starting", "decoding", "detecting pauses", "recognizing", "aligning", "cutting", "zipping", "re-cutting", "done"].map((stage) => [`stage.${stage}`, true]),
);

/** The API's UTC timestamp (no zone suffix, as the spec shows it) in the reader's own time zone and language. */
function localTime(utcTimestamp: string): string {
  const date = new Date(`${utcTimestamp}Z`);
  if (Number.isNaN(date.getTime())) return utcTimestamp;
  return date.toLocaleString(currentLanguage() === "ar" ? "ar-EG" : "en-GB", { dateStyle: "medium", timeStyle: "short" });
}

async function runAction(action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    showToast((error as Error).message, "error");
  }
}

function createRow(job: JobStatus, onOpen: (id: string) => void): Row {
  const status = el("span", { class: "badge" });
  const name = el("span", { class: "job-name" }, job.original_filename);
  const detail = el("span", { class: "job-detail" });
  const bar = el("span", { class: "bar-fill" });
  const progress = el("span", { class: "bar", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100 }, bar);
  const open = el("button", { class: "job-open", type: "button", onclick: () => onOpen(job.job_id) }, name, el("span", { class: "job-meta" }, status, detail), progress);
  bindLabel(open, "jobs.open", { name: job.original_filename }, "aria-label");
  const cancel = label("button", "jobs.cancel", {}, { class: "btn btn-small btn-quiet", type: "button", "data-action": "cancel", onclick: () => runAction(() => api.cancel(job.job_id)) });
  const remove = label("button", "jobs.delete", {}, {
    class: "btn btn-small btn-quiet", type: "button", "data-action": "delete",
    onclick: () => { if (confirm(t("jobs.confirmDelete"))) void runAction(() => api.remove(job.job_id)); },
  });
  const element = el("li", { class: "job", "data-job-id": job.job_id }, open, el("span", { class: "job-actions" }, cancel, remove));
  return {
    element,
    update(current, selected) {
      element.dataset.status = current.status;
      element.classList.toggle("selected", selected);
      bindLabel(status, `status.${current.status}` as StringKey);
      status.className = `badge badge-${current.status}`;
      const percent = current.status === "processing" ? Math.round(current.progress ?? 0) : current.status === "completed" ? 100 : 0;
      if (current.status === "processing") bindLabel(detail, "job.working", { stage: t(stageKey(current.stage)), progress: percent });
      else if (current.status === "queued" && current.queue_position) bindLabel(detail, "jobs.queuePosition", { position: current.queue_position });
      else { detail.removeAttribute("data-i18n"); detail.textContent = localTime(current.created_at); }
      progress.hidden = current.status !== "processing";
      progress.setAttribute("aria-valuenow", String(percent));
      bar.style.width = `${percent}%`;
      cancel.hidden = isFinished(current);
      remove.hidden = !isFinished(current);
    },
  };
}

export function createJobsList(store: JobsStore, onOpen: (id: string) => void, selectedId: () => string | null): { element: HTMLElement; refresh(): void } {
  const rows = new Map<string, Row>();
  const list = el("ul", { class: "jobs", "aria-live": "polite", "aria-relevant": "additions removals" });
  const empty = label("p", "jobs.empty", {}, { class: "empty" });
  const count = el("span", { class: "card-count" });
  const clearFinished = label("button", "jobs.clearFinished", {}, {
    class: "btn btn-small", type: "button", "data-action": "clear-finished",
    onclick: () => runAction(async () => showToast((await api.clearFinished()).message, "info")),
  });

  const render = (): void => {
    const jobs = store.list();
    const seen = new Set<string>();
    jobs.forEach((job, index) => {
      seen.add(job.job_id);
      let row = rows.get(job.job_id);
      if (!row) {
        row = createRow(job, onOpen);
        rows.set(job.job_id, row);
      }
      row.update(job, selectedId() === job.job_id);
      if (list.children[index] !== row.element) list.insertBefore(row.element, list.children[index] ?? null);
    });
    for (const [id, row] of rows) {
      if (seen.has(id)) continue;
      row.element.remove();
      rows.delete(id);
    }
    empty.hidden = jobs.length > 0;
    bindLabel(count, "jobs.count", { count: store.total });
    clearFinished.disabled = !jobs.some(isFinished);
  };
  store.subscribe(render);
  render();

  const element = el("section", { class: "card jobs-card", "aria-labelledby": "jobs-title" },
    el("header", { class: "card-header" }, label("h2", "jobs.title", {}, { id: "jobs-title" }), count, clearFinished),
    empty, list);
  return { element, refresh: render };
}
