/**
 * The job pane: the selected job's name and state, live from the jobs store (server-sent
 * events). Queued/processing: the stage and progress, and the waveform as soon as the worker has
 * stored its peaks. Completed: the result workspace (resultView.ts). After a correction is saved
 * the job runs again as a short re-cut; its progress shows here and the result reloads when done.
 */
import { api, ApiError, type JobStatus } from "./apiClient.ts";
import { clear, el, formatSeconds, label } from "./dom.ts";
import { bindLabel, t, type Params } from "./i18n.ts";
import { stageKey } from "./jobsList.ts";
import type { JobsStore } from "./jobsStore.ts";
import { ResultView } from "./resultView.ts";
import type { StringKey } from "./strings.ts";
import { WaveformView } from "./waveformView.ts";

/** A waveform is tried again at most this often while the worker is still decoding. */
const WAVEFORM_RETRY_MS = 1000;

export class JobView {
  readonly element = el("section", { class: "job-view", "aria-live": "polite" });
  private jobId: string | null = null;
  private result: ResultView | null = null;
  private preview: WaveformView | null = null;
  private loading = false;
  /** The shown result is being re-cut (a saved correction): reload it when the job completes. */
  private recutPending = false;
  private previewTriedMs = 0;
  private readonly title = el("h2", { class: "job-title" });
  private readonly badge = el("span", { class: "badge" });
  private readonly facts = el("p", { class: "job-facts" });
  private readonly statusPanel = el("div", { class: "status-panel" });
  private readonly body = el("div", { class: "job-body" });

  constructor(private readonly store: JobsStore, private readonly onBack: () => void) {
    store.subscribe((changedId) => {
      if (this.jobId && (changedId === null || changedId === this.jobId)) this.onJobChanged();
    });
    this.showEmpty();
  }

  current(): string | null {
    return this.jobId;
  }

  hasUnsavedChanges(): boolean {
    return this.result?.hasUnsavedChanges() ?? false;
  }

  async show(id: string | null): Promise<void> {
    if (id === this.jobId) return;
    this.reset();
    this.jobId = id;
    if (id === null) return this.showEmpty();
    clear(this.element);
    const back = label("button", "job.back", {}, { class: "btn btn-quiet btn-small back", type: "button", onclick: () => this.onBack() });
    this.element.append(back, el("header", { class: "job-header" }, el("div", { class: "job-heading" }, this.title, this.badge), this.facts), this.statusPanel, this.body);
    const known = this.store.get(id);
    if (known) return this.render(known);
    try {
      const job = await api.status(id);
      if (this.jobId === id) this.store.upsert(job);
    } catch (error) {
      if (this.jobId === id) this.showMessage(error instanceof ApiError && error.status === 404 ? t("job.notFound") : t("job.loadError", { error: (error as Error).message }), "error");
    }
  }

  private reset(): void {
    this.result?.destroy();
    this.preview?.destroy();
    this.result = null;
    this.preview = null;
    this.loading = false;
    this.recutPending = false;
    this.previewTriedMs = 0;
  }

  private showEmpty(): void {
    clear(this.element);
    this.element.append(el("div", { class: "job-empty" }, el("span", { class: "job-empty-art", "aria-hidden": "true" }), label("p", "job.none")));
  }

  private onJobChanged(): void {
    const job = this.jobId ? this.store.get(this.jobId) : undefined;
    if (job) this.render(job);
    else if (this.jobId) this.showMessage(t("job.notFound"), "error");
  }

  private render(job: JobStatus): void {
    this.title.textContent = job.original_filename;
    bindLabel(this.badge, `status.${job.status}` as StringKey);
    this.badge.className = `badge badge-${job.status}`;
    if (job.status === "completed") {
      this.statusPanel.hidden = true;
      this.element.classList.remove("recutting");
      if ((!this.result || this.recutPending) && !this.loading) void this.loadResult(job.job_id);
      return;
    }
    if (job.status === "queued" || job.status === "processing") return this.renderRunning(job);
    this.statusPanel.hidden = true;
    this.reset();
    this.showMessage(job.status === "failed" ? t("job.failed", { error: job.error ?? "" }) : t("job.cancelled"), job.status === "failed" ? "error" : "info");
  }

  private renderRunning(job: JobStatus): void {
    const progress = Math.round(job.progress ?? 0);
    if (this.result) this.recutPending = true;
    const recut = this.recutPending || job.stage === "re-cutting";
    const text = job.status === "queued" ? t("job.waiting") : recut ? t("job.recutting", { progress }) : t("job.working", { stage: t(stageKey(job.stage)), progress });
    clear(this.statusPanel);
    this.statusPanel.hidden = false;
    this.statusPanel.append(el("p", { class: "status-text", "data-testid": "job-progress" }, text),
      el("span", { class: "bar bar-large", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": progress }, el("span", { class: "bar-fill", style: null })));
    (this.statusPanel.querySelector(".bar-fill") as HTMLElement).style.width = `${job.status === "queued" ? 0 : progress}%`;
    this.element.classList.toggle("recutting", recut);
    if (job.status === "processing" && !this.preview && job.stage !== "starting" && job.stage !== "decoding") void this.loadPreview(job.job_id);
  }

  private async loadPreview(id: string): Promise<void> {
    if (Date.now() - this.previewTriedMs < WAVEFORM_RETRY_MS) return;
    this.previewTriedMs = Date.now();
    try {
      const peaks = await api.waveform(id);
      if (this.jobId !== id || this.preview || this.result || this.loading) return;
      this.preview = new WaveformView(peaks, el("audio", { preload: "none" }), { onEdgeMoved() {}, onRegionClicked() {}, onTime() {}, onPlayingChanged() {} });
      clear(this.body);
      this.body.append(el("section", { class: "card waveform-card" }, this.preview.element));
      this.setFacts([["job.duration", { duration: formatSeconds(peaks.duration_seconds) }]]);
    } catch {
      // Not stored yet: tried again on the next progress event.
    }
  }

  private async loadResult(id: string): Promise<void> {
    this.loading = true;
    try {
      const [metadata, peaks] = await Promise.all([api.metadata(id), api.waveform(id)]);
      if (this.jobId !== id) return;
      this.preview?.destroy();
      this.preview = null;
      this.result?.destroy();
      this.recutPending = false;
      this.result = new ResultView(id, metadata, peaks);
      clear(this.body);
      this.body.append(this.result.element);
      this.setFacts([["job.surah", { surah: metadata.surah_number }], ["job.ayahCount", { count: metadata.ayahs.length }], ["job.duration", { duration: formatSeconds(peaks.duration_seconds) }]]);
    } catch (error) {
      if (this.jobId === id) this.showMessage(t("job.loadError", { error: (error as Error).message }), "error");
    } finally {
      this.loading = false;
    }
  }

  private setFacts(facts: [StringKey, Params][]): void {
    clear(this.facts);
    facts.forEach(([key, params], index) => this.facts.append(index > 0 ? " · " : "", label("span", key, params)));
  }

  private showMessage(message: string, kind: "info" | "error"): void {
    clear(this.body);
    this.body.append(el("p", { class: `notice notice-${kind}`, role: kind === "error" ? "alert" : null }, message));
  }
}
