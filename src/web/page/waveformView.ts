/**
 * The recording's waveform (wavesurfer.js, drawn from the peaks the worker stored, so the browser
 * never decodes the audio) with the regions plugin: one region per ayah, the basmala and the
 * isti'adha marked in their own colour, low-confidence ayahs in red, the selected one stronger.
 * Dragging a region's edge reports the new time; the caller decides (clamps) and sets it back.
 */
import WaveSurfer from "wavesurfer.js";
import RegionsPlugin, { type Region } from "wavesurfer.js/dist/plugins/regions.esm.js";
import type { Waveform } from "./apiClient.ts";
import type { Boundary, Edge } from "./boundaryEditor.ts";
import { el } from "./dom.ts";

export interface RegionStyle {
  label: string;
  kind: "ayah" | "opening";
  lowConfidence: boolean;
}

export interface WaveformCallbacks {
  onEdgeMoved(index: number, edge: Edge, timeSeconds: number): void;
  onRegionClicked(index: number): void;
  onTime(timeSeconds: number): void;
  onPlayingChanged(playing: boolean): void;
}

export const MAX_ZOOM = 300;

const COLORS = {
  ayah: ["rgba(13, 148, 136, 0.16)", "rgba(37, 99, 235, 0.14)"],
  opening: "rgba(217, 119, 6, 0.22)",
  low: "rgba(220, 38, 38, 0.2)",
  selected: "rgba(13, 148, 136, 0.38)",
};

function styleNonce(): string | undefined {
  return document.querySelector<HTMLMetaElement>('meta[name="qs-style-nonce"]')?.content || undefined;
}

export class WaveformView {
  readonly element: HTMLElement;
  private readonly surfer: WaveSurfer;
  private readonly regions: ReturnType<typeof RegionsPlugin.create>;
  private regionList: Region[] = [];
  private styles: RegionStyle[] = [];
  private selected = -1;
  private stopAt: number | null = null;
  /** Regions added before wavesurfer knows the duration collapse to markers at 0: add them once it does. */
  private readonly durationKnown: Promise<void>;

  constructor(waveform: Waveform, readonly media: HTMLAudioElement, private readonly callbacks: WaveformCallbacks) {
    const host = el("div", { class: "waveform", dir: "ltr", "data-testid": "waveform" });
    this.element = host;
    this.regions = RegionsPlugin.create();
    this.surfer = WaveSurfer.create({
      container: host,
      media,
      peaks: [Float32Array.from(waveform.peaks)],
      duration: waveform.duration_seconds,
      height: 140,
      waveColor: "#94a3b8",
      progressColor: "#0f766e",
      cursorColor: "#0f172a",
      cursorWidth: 2,
      barWidth: 2,
      barGap: 1,
      barRadius: 2,
      normalize: true,
      dragToSeek: false,
      autoScroll: true,
      autoCenter: true,
      plugins: [this.regions],
      cspNonce: styleNonce(),
    });
    this.regions.on("region-updated", (region, side) => {
      const index = this.regionList.indexOf(region);
      if (index >= 0 && side) callbacks.onEdgeMoved(index, side, side === "start" ? region.start : region.end);
    });
    this.regions.on("region-clicked", (region) => {
      const index = this.regionList.indexOf(region);
      if (index >= 0) callbacks.onRegionClicked(index);
    });
    this.surfer.on("timeupdate", (time) => {
      if (this.stopAt !== null && time >= this.stopAt) {
        this.stopAt = null;
        this.surfer.pause();
      }
      callbacks.onTime(time);
    });
    this.durationKnown = new Promise((resolve) => {
      if (this.surfer.getDuration() > 0) resolve();
      else this.surfer.once("decode", () => resolve());
    });
    this.surfer.on("play", () => callbacks.onPlayingChanged(true));
    this.surfer.on("pause", () => callbacks.onPlayingChanged(false));
  }

  async setRegions(times: readonly Boundary[], styles: readonly RegionStyle[]): Promise<void> {
    await this.durationKnown;
    this.regions.clearRegions();
    this.styles = [...styles];
    this.regionList = times.map((time, index) => this.regions.addRegion({
      id: `ayah-${index}`,
      start: time.start,
      end: time.end,
      drag: false,
      resize: true,
      minLength: 0.05,
      color: this.colorOf(index),
      content: this.contentOf(index),
    }));
    this.updateLabelVisibility(this.surfer.options.minPxPerSec);
    // How many regions exist: the plugin keeps only those in view in the DOM when zoomed in.
    this.element.dataset.regions = String(this.regionList.length);
  }

  setTimes(times: readonly Boundary[]): void {
    times.forEach((time, index) => {
      const region = this.regionList[index];
      if (region && (region.start !== time.start || region.end !== time.end)) region.setOptions({ start: time.start, end: time.end });
    });
  }

  /** New region labels (after a language switch). */
  relabel(labels: readonly string[]): void {
    labels.forEach((text, index) => {
      if (this.styles[index]) this.styles[index].label = text;
      this.regionList[index]?.setContent(this.contentOf(index));
    });
  }

  select(index: number): void {
    const previous = this.selected;
    this.selected = index;
    for (const i of [previous, index]) this.regionList[i]?.setOptions({ color: this.colorOf(i) });
  }

  /** Plays [start, end) and stops there. */
  playRange(start: number, end: number): void {
    this.stopAt = end;
    void this.surfer.play(start);
  }

  playFrom(start: number): void {
    this.stopAt = null;
    void this.surfer.play(start);
  }

  pause(): void {
    this.surfer.pause();
  }

  isPlaying(): boolean {
    return this.surfer.isPlaying();
  }

  currentTime(): number {
    return this.surfer.getCurrentTime();
  }

  /** Pixels per second; 0 fits the whole recording to the width. Labels show only where regions are wide enough. */
  zoom(pixelsPerSecond: number): void {
    this.surfer.zoom(pixelsPerSecond);
    this.updateLabelVisibility(pixelsPerSecond);
  }

  /**
   * The zoom (px/s) at which the average region is about `regionPixels` wide, or 0 (fit the
   * width) when the whole recording already shows them that wide.
   */
  comfortableZoom(times: readonly Boundary[], regionPixels = 72): number {
    const duration = this.surfer.getDuration();
    const width = this.element.clientWidth;
    if (times.length === 0 || duration <= 0 || width <= 0) return 0;
    const averageSeconds = times.reduce((sum, time) => sum + (time.end - time.start), 0) / times.length;
    if ((averageSeconds * width) / duration >= regionPixels) return 0;
    return Math.min(MAX_ZOOM, Math.ceil(regionPixels / averageSeconds / 10) * 10);
  }

  /** Scrolls the waveform so that `timeSeconds` is in view (an ayah selected in the list). */
  reveal(timeSeconds: number): void {
    const width = this.element.clientWidth;
    const pixelsPerSecond = this.surfer.options.minPxPerSec || width / Math.max(this.surfer.getDuration(), 1e-6);
    const visibleSeconds = width / pixelsPerSecond;
    const scroll = this.surfer.getScroll() / pixelsPerSecond;
    if (timeSeconds < scroll || timeSeconds > scroll + visibleSeconds * 0.9) this.surfer.setScrollTime(Math.max(0, timeSeconds - visibleSeconds * 0.2));
  }

  private updateLabelVisibility(pixelsPerSecond: number): void {
    const duration = this.surfer.getDuration();
    const shownPixelsPerSecond = Math.max(pixelsPerSecond, this.element.clientWidth / Math.max(duration, 1e-6));
    const narrowest = this.regionList.length ? Math.min(...this.regionList.map((region) => region.end - region.start)) : 0;
    const average = this.regionList.length ? (this.regionList.at(-1)!.end - this.regionList[0].start) / this.regionList.length : 0;
    this.element.classList.toggle("labels-hidden", average * shownPixelsPerSecond < 44 && narrowest * shownPixelsPerSecond < 44);
  }

  regionCount(): number {
    return this.regionList.length;
  }

  destroy(): void {
    this.surfer.destroy();
  }

  private colorOf(index: number): string {
    const style = this.styles[index];
    if (index === this.selected) return COLORS.selected;
    if (!style) return COLORS.ayah[0];
    if (style.kind === "opening") return COLORS.opening;
    if (style.lowConfidence) return COLORS.low;
    return COLORS.ayah[index % 2];
  }

  private contentOf(index: number): HTMLElement {
    const content = document.createElement("span");
    content.textContent = this.styles[index]?.label ?? String(index + 1);
    Object.assign(content.style, { display: "inline-block", padding: "1px 5px", margin: "3px", borderRadius: "6px", font: "600 11px/1.4 system-ui, sans-serif", color: "#0f172a", background: "rgba(255,255,255,0.85)" });
    return content;
  }
}
