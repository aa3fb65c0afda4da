/**
 * The upload card: optional surah / from / to hints, a drop zone and a file picker (several files
 * at once), and one row per file with its byte progress (XHR upload progress) and then either
 * its job (queued) or the API's `detail`.
 */
import { uploadRecording, type JobStatus, type UploadHints } from "./apiClient.ts";
import { el, formatBytes, label } from "./dom.ts";
import { bindLabel } from "./i18n.ts";

const ACCEPT = ".mp3,.wav,.m4a,.aac,.ogg,.opus,.flac,.webm,.wma,audio/*";

function numberField(name: string, key: "upload.surah" | "upload.from" | "upload.to", max: number): { wrapper: HTMLElement; input: HTMLInputElement } {
  const input = el("input", { id: `hint-${name}`, name, type: "number", inputmode: "numeric", min: 1, max, step: 1, class: "input" });
  const wrapper = el("div", { class: "field" }, label("label", key, {}, { for: `hint-${name}` }), input);
  return { wrapper, input };
}

export interface UploadCallbacks {
  /** The upload was accepted: the job exists (queued). */
  onQueued(job: JobStatus): void;
  onOpen(id: string): void;
}

function uploadRow(file: File, hints: UploadHints, callbacks: UploadCallbacks): HTMLElement {
  const bar = el("span", { class: "bar-fill" });
  const progress = el("span", { class: "bar", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": 0 }, bar);
  const bytes = el("span", { class: "upload-bytes" });
  const message = el("span", { class: "upload-message" });
  const actions = el("span", { class: "upload-actions" });
  const row = el("li", { class: "upload", "data-state": "sending" },
    el("span", { class: "upload-name" }, file.name), bytes, progress, message, actions);
  const dismiss = label("button", "upload.dismiss", {}, { class: "btn btn-small btn-quiet", type: "button", onclick: () => row.remove() });
  const showSent = (sent: number, total: number): void => {
    const percent = total > 0 ? Math.round((100 * sent) / total) : 0;
    bar.style.width = `${percent}%`;
    progress.setAttribute("aria-valuenow", String(percent));
    bindLabel(bytes, "upload.sent", { sent: formatBytes(sent), total: formatBytes(total) });
  };
  showSent(0, file.size);
  const started = new Date().toISOString().slice(0, 19);
  uploadRecording(file, hints, showSent).done.then(
    ({ job_id }) => {
      showSent(file.size, file.size);
      row.dataset.state = "queued";
      bindLabel(message, "upload.queued");
      actions.append(label("button", "upload.open", {}, { class: "btn btn-small", type: "button", onclick: () => callbacks.onOpen(job_id) }), dismiss);
      callbacks.onQueued({ job_id, status: "queued", original_filename: file.name, created_at: started, started_at: null, completed_at: null, priority: 0 });
      setTimeout(() => row.remove(), 15_000);
    },
    (error: Error) => {
      row.dataset.state = "failed";
      message.removeAttribute("data-i18n");
      message.textContent = error.message;
      message.setAttribute("role", "alert");
      actions.append(dismiss);
    },
  );
  return row;
}

export function createUploadPanel(callbacks: UploadCallbacks): HTMLElement {
  const surah = numberField("surah", "upload.surah", 114);
  const from = numberField("from_ayah", "upload.from", 286);
  const to = numberField("to_ayah", "upload.to", 286);
  const picker = el("input", { type: "file", multiple: true, accept: ACCEPT, class: "visually-hidden", id: "file-picker", tabindex: -1 });
  const uploads = el("ul", { class: "uploads" });
  const start = (files: FileList | File[]): void => {
    const hints: UploadHints = { surah: surah.input.value.trim(), fromAyah: from.input.value.trim(), toAyah: to.input.value.trim() };
    for (const file of files) uploads.prepend(uploadRow(file, hints, callbacks));
  };
  picker.addEventListener("change", () => {
    if (picker.files) start([...picker.files]);
    picker.value = "";
  });
  const choose = label("button", "upload.choose", {}, { class: "btn btn-primary", type: "button", onclick: () => picker.click() });
  const zone = el("div", { class: "dropzone" },
    el("span", { class: "dropzone-icon", "aria-hidden": "true" }),
    label("p", "upload.drop", {}, { class: "dropzone-title" }),
    el("p", { class: "dropzone-or" }, label("span", "upload.or"), " ", choose),
    label("p", "upload.formats", {}, { class: "dropzone-formats" }),
    picker);
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    if (event.dataTransfer?.files.length) start([...event.dataTransfer.files]);
  });
  return el("section", { class: "card upload-card", "aria-labelledby": "upload-title" },
    el("header", { class: "card-header" }, label("h2", "upload.title", {}, { id: "upload-title" })),
    zone,
    el("fieldset", { class: "hints" }, label("legend", "upload.hints"), surah.wrapper, from.wrapper, to.wrapper),
    uploads);
}
