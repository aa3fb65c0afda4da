/**
 * A completed job's workspace: the waveform with one region per ayah, the player (one ayah, or
 * all with the current ayah and word highlighted), the ayah list and the boundary editor with
 * undo and save (PUT /jobs/{id}/ayahs; the re-cut's progress then shows in the job view).
 */
import { api, urls, type JobMetadata, type Waveform } from "./apiClient.ts";
import { AyahList, ayahLabel, LOW_CONFIDENCE } from "./ayahList.ts";
import { changedIndexes, createEditor, editsToSave, moveEdge, nudgeEdge, NUDGE_SECONDS, undo, type Edge, type EditorState } from "./boundaryEditor.ts";
import { createDownloads } from "./downloads.ts";
import { el, formatSeconds, label } from "./dom.ts";
import { EditorBar } from "./editorBar.ts";
import { bindLabel, onLanguageChange, t } from "./i18n.ts";
import { showToast } from "./toast.ts";
import { MAX_ZOOM, WaveformView } from "./waveformView.ts";

export class ResultView {
  readonly element: HTMLElement;
  private readonly waveform: WaveformView;
  private readonly list: AyahList;
  private readonly bar: EditorBar;
  private readonly playButton: HTMLButtonElement;
  private readonly clock = el("span", { class: "clock", dir: "ltr" });
  private editor: EditorState;
  private selected = -1;
  private saving = false;
  private playingAll = false;
  private readonly stopRelabelling: () => void;
  /** Space plays/pauses when no control has the focus (a focused button or row handles its own keys). */
  private readonly onDocumentKey = (event: KeyboardEvent): void => {
    if (event.key !== " " || event.target !== document.body) return;
    event.preventDefault();
    this.togglePlayAll();
  };

  constructor(private readonly jobId: string, private readonly metadata: JobMetadata, peaks: Waveform) {
    const times = metadata.ayahs.map((ayah) => ({ start: ayah.start_time, end: ayah.end_time }));
    this.editor = createEditor(times, peaks.duration_seconds);
    const media = el("audio", { preload: "auto", src: urls.audio(jobId), "data-testid": "player" });
    this.waveform = new WaveformView(peaks, media, {
      onEdgeMoved: (index, edge, time) => this.apply(moveEdge(this.editor, index, edge, time), index),
      onRegionClicked: (index) => this.select(index, false),
      onTime: (time) => this.onTime(time),
      onPlayingChanged: (playing) => this.onPlayingChanged(playing),
    });
    const regionsDrawn = this.waveform.setRegions(times, metadata.ayahs.map((ayah) => ({
      label: ayahLabel(ayah), kind: ayah.ayah_number <= 0 ? "opening" : "ayah", lowConfidence: ayah.confidence < LOW_CONFIDENCE,
    })));
    this.list = new AyahList(metadata.ayahs, times, {
      onPlay: (index) => this.playAyah(index),
      onSelect: (index) => this.select(index, false),
      onNudge: (index, edge, direction) => this.nudge(index, edge, direction),
      onUndo: () => this.undo(),
    });
    this.bar = new EditorBar({
      onNudge: (edge, direction) => this.nudge(this.selected, edge, direction),
      onUndo: () => this.undo(),
      onSave: () => void this.save(),
    });
    this.playButton = label("button", "player.playAll", {}, { class: "btn btn-primary", type: "button", "data-action": "play-all", onclick: () => this.togglePlayAll() });
    const zoom = el("input", { type: "range", min: 0, max: MAX_ZOOM, step: 10, value: 0, class: "zoom", id: "zoom", oninput: () => this.waveform.zoom(Number(zoom.value)) });
    // A long recording opens zoomed in so that each ayah's region is wide enough to grab and label.
    void regionsDrawn.then(() => requestAnimationFrame(() => {
      zoom.value = String(this.waveform.comfortableZoom(times));
      this.waveform.zoom(Number(zoom.value));
    }));
    this.element = el("div", { class: "result" },
      el("section", { class: "card waveform-card" },
        this.waveform.element,
        el("div", { class: "transport" }, this.playButton, this.clock,
          el("label", { class: "zoom-label", for: "zoom" }, label("span", "player.zoom"), zoom)),
        media),
      el("div", { class: "result-columns" },
        this.list.element,
        el("div", { class: "result-side" }, this.bar.element, createDownloads(jobId))));
    this.refresh();
    this.onTime(0);
    this.stopRelabelling = onLanguageChange(() => {
      this.list.relabel();
      this.waveform.relabel(metadata.ayahs.map(ayahLabel));
      this.refresh();
    });
    document.addEventListener("keydown", this.onDocumentKey);
  }

  hasUnsavedChanges(): boolean {
    return changedIndexes(this.editor).length > 0;
  }

  destroy(): void {
    this.stopRelabelling();
    document.removeEventListener("keydown", this.onDocumentKey);
    this.waveform.destroy();
  }

  private refresh(): void {
    const changed = changedIndexes(this.editor);
    this.list.setTimes(this.editor.current, changed);
    this.waveform.setTimes(this.editor.current);
    const ayah = this.metadata.ayahs[this.selected];
    this.bar.update({ selectedLabel: ayah ? ayahLabel(ayah) : null, changedCount: changed.length, canUndo: this.editor.history.length > 0, busy: this.saving });
  }

  private apply(next: EditorState, index: number): void {
    this.editor = next;
    this.select(index, false);
    this.refresh();
  }

  private select(index: number, focus: boolean): void {
    if (index < 0 || index >= this.metadata.ayahs.length) return;
    this.selected = index;
    this.list.select(index, focus);
    this.waveform.select(index);
    if (!this.waveform.isPlaying()) this.waveform.reveal(this.editor.current[index].start);
    this.refresh();
  }

  private nudge(index: number, edge: Edge, direction: -1 | 1): void {
    if (index < 0 || this.saving) return;
    this.apply(nudgeEdge(this.editor, index, edge, direction * NUDGE_SECONDS), index);
  }

  private undo(): void {
    this.editor = undo(this.editor);
    this.refresh();
  }

  private playAyah(index: number): void {
    const time = this.editor.current[index];
    if (!time) return;
    this.select(index, false);
    this.playingAll = false;
    this.waveform.playRange(time.start, time.end);
  }

  private togglePlayAll(): void {
    if (this.waveform.isPlaying()) {
      this.waveform.pause();
      return;
    }
    this.playingAll = true;
    const first = this.editor.current[0]?.start ?? 0;
    const now = this.waveform.currentTime();
    this.waveform.playFrom(now > first && now < this.editor.durationSeconds - 0.05 ? now : first);
  }

  private onPlayingChanged(playing: boolean): void {
    bindLabel(this.playButton, playing ? "player.pause" : "player.playAll");
    if (!playing) this.playingAll = false;
  }

  private onTime(time: number): void {
    this.clock.textContent = `${formatSeconds(time)} / ${formatSeconds(this.editor.durationSeconds)}`;
    const index = this.editor.current.findIndex((boundary) => boundary.start <= time && time < boundary.end);
    this.list.setPlaying(index, time, this.playingAll);
  }

  private async save(): Promise<void> {
    const edits = editsToSave(this.metadata.ayahs, this.editor);
    if (edits.length === 0 || this.saving) return;
    this.saving = true;
    this.refresh();
    try {
      const answer = await api.saveAyahs(this.jobId, edits);
      // Stays busy: the job view reloads this result when the re-cut is done.
      showToast(t("editor.saved", { message: answer.message }), "info");
    } catch (error) {
      showToast((error as Error).message, "error");
      this.saving = false;
    }
    this.refresh();
  }
}
