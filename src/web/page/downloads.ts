/** Download links of a completed job: the zip, the metadata and every export format. */
import { EXPORT_FORMATS, urls } from "./apiClient.ts";
import { el, label } from "./dom.ts";

export function createDownloads(jobId: string): HTMLElement {
  const exports = el("div", { class: "export-links" },
    ...EXPORT_FORMATS.map((format) => el("a", { class: "chip", href: urls.export(jobId, format.name), download: "", "data-export": format.name }, format.label)));
  return el("section", { class: "card downloads-card", "aria-labelledby": "downloads-title" },
    el("header", { class: "card-header" }, label("h3", "downloads.title", {}, { id: "downloads-title" })),
    el("div", { class: "download-main" },
      label("a", "downloads.zip", {}, { class: "btn btn-primary", href: urls.download(jobId), download: "", "data-download": "zip" }),
      label("a", "downloads.metadata", {}, { class: "btn", href: urls.metadata(jobId), download: "", "data-download": "metadata" })),
    label("p", "downloads.exports", {}, { class: "subtle" }),
    exports);
}
