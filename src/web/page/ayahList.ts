/**
 * The list of ayahs: number (or basmala / isti'adha), the Uthmani text right-to-left in Amiri
 * Quran with one span per word (for the word highlight while playing), times, confidence (low
 * ones highlighted), the cut-off and edited flags. A row plays its ayah on click/Enter; with a
 * row focused, ←/→ move its end by 10 ms and Shift+←/→ its start, ↑/↓ go to the neighbour.
 */
import type { AyahEntry } from "./apiClient.ts";
import type { Boundary, Edge } from "./boundaryEditor.ts";
import { el, formatSeconds, label } from "./dom.ts";
import { bindLabel, formatNumber, t } from "./i18n.ts";
import { uthmaniWords, wordPositions } from "../../export/verseWords.ts";

/**
 * The text (quran-json, KFGQPC Hafs encoding) writes the open dammatan as U+065E, which Amiri
 * Quran has no glyph for (a box would show); Unicode's own ARABIC OPEN DAMMATAN it draws. Display only:
 * the metadata and the word matching keep the text as it is.
 */
function displayWord(word: string): string {
  return word.replace(/\u065E/g, "\u08F1");
}

/** Below this the row is highlighted: worth listening to before publishing. */
export const LOW_CONFIDENCE = 0.6;

export interface AyahListCallbacks {
  onPlay(index: number): void;
  onSelect(index: number): void;
  onNudge(index: number, edge: Edge, direction: -1 | 1): void;
  onUndo(): void;
}

export function ayahLabel(ayah: AyahEntry): string {
  if (ayah.ayah_number < 0) return t("ayahs.istiadha");
  if (ayah.is_basmala && ayah.ayah_number === 0) return t("ayahs.basmala");
  return `${formatNumber(ayah.surah_number)}:${formatNumber(ayah.ayah_number)}`;
}

interface Row {
  element: HTMLLIElement;
  times: HTMLElement;
  number: HTMLElement;
  words: HTMLElement[];
  /** For each metadata word: the index of its span, or -1. */
  wordSpans: number[];
}

export class AyahList {
  readonly element: HTMLElement;
  private rows: Row[] = [];
  private current = -1;
  private currentWord: HTMLElement | null = null;

  constructor(private readonly ayahs: readonly AyahEntry[], times: readonly Boundary[], private readonly callbacks: AyahListCallbacks) {
    const list = el("ol", { class: "ayahs", "aria-labelledby": "ayahs-title" });
    this.rows = ayahs.map((ayah, index) => this.createRow(ayah, index));
    for (const row of this.rows) list.appendChild(row.element);
    this.element = el("section", { class: "card ayahs-card" },
      el("header", { class: "card-header" }, label("h3", "ayahs.title", {}, { id: "ayahs-title" }), el("span", { class: "card-count" }, formatNumber(ayahs.length))),
      list);
    this.setTimes(times, []);
  }

  setTimes(times: readonly Boundary[], changed: readonly number[]): void {
    const changedSet = new Set(changed);
    this.rows.forEach((row, index) => {
      const time = times[index];
      row.times.textContent = `${formatSeconds(time.start)} – ${formatSeconds(time.end)}`;
      row.element.classList.toggle("unsaved", changedSet.has(index));
    });
  }

  /** The ayah (and its word) playing now; -1 for none. `follow`: scroll the list to it. */
  setPlaying(index: number, timeSeconds: number, follow: boolean): void {
    if (index !== this.current) {
      this.rows[this.current]?.element.classList.remove("playing");
      this.current = index;
      const row = this.rows[index];
      row?.element.classList.add("playing");
      if (row && follow) row.element.scrollIntoView({ block: "nearest", behavior: "smooth" });
    }
    const words = this.ayahs[index]?.words ?? [];
    const wordIndex = words.findIndex((word) => word.start_time <= timeSeconds && timeSeconds < word.end_time);
    const span = wordIndex >= 0 ? this.rows[index].words[this.rows[index].wordSpans[wordIndex]] ?? null : null;
    if (span !== this.currentWord) {
      this.currentWord?.classList.remove("word-now");
      span?.classList.add("word-now");
      this.currentWord = span;
    }
  }

  /** After a language switch: the numbers (Arabic-Indic digits) and the basmala/isti'adha names. */
  relabel(): void {
    this.rows.forEach((row, index) => { row.number.textContent = ayahLabel(this.ayahs[index]); });
  }

  select(index: number, focus: boolean): void {
    this.rows.forEach((row, i) => row.element.setAttribute("aria-selected", String(i === index)));
    if (focus) this.rows[index]?.element.focus();
  }

  private createRow(ayah: AyahEntry, index: number): Row {
    const textWords = uthmaniWords(ayah.ayah_text);
    const words = textWords.map((word) => el("span", { class: "word" }, displayWord(word)));
    const text = el("p", { class: "ayah-text", lang: "ar", dir: "rtl" });
    words.forEach((word, i) => text.append(word, i < words.length - 1 ? " " : ""));
    const positions = wordPositions(ayah.ayah_text, (ayah.words ?? []).map((word) => word.word));
    const times = el("span", { class: "ayah-times" });
    const confidence = Math.round(ayah.confidence * 100);
    const low = ayah.confidence < LOW_CONFIDENCE;
    const flags = el("span", { class: "ayah-flags" },
      label("span", "ayahs.confidence", { value: confidence }, { class: `pill ${low ? "pill-warn" : "pill-ok"}` }),
      ayah.cutoff_uncertain && bindLabel(label("span", "ayahs.cutoff", {}, { class: "pill pill-cut" }), "ayahs.cutoffTitle", {}, "title"),
      ayah.edited && label("span", "ayahs.edited", {}, { class: "pill pill-edited" }));
    const isOpening = ayah.ayah_number <= 0 || (ayah.is_basmala && ayah.ayah_number === 0);
    const number = el("span", { class: "ayah-number" }, ayahLabel(ayah));
    const play = el("button", { class: "play-button", type: "button", tabindex: -1, onclick: (event: Event) => { event.stopPropagation(); this.callbacks.onPlay(index); } });
    bindLabel(play, "ayahs.play", { label: ayahLabel(ayah) }, "aria-label");
    const element = el("li", {
      class: `ayah${isOpening ? " ayah-opening" : ""}${low ? " low-confidence" : ""}`,
      tabindex: 0, "aria-selected": "false", "data-index": index,
    }, play, number, text,
    el("span", { class: "ayah-info" }, times, flags));
    if (low) bindLabel(element, "ayahs.lowConfidence", {}, "title");
    element.addEventListener("click", () => this.callbacks.onPlay(index));
    element.addEventListener("focus", () => this.callbacks.onSelect(index));
    element.addEventListener("keydown", (event) => this.onKey(event, index));
    return { element, times, number, words, wordSpans: positions.map((position) => (position === null ? -1 : position - 1)) };
  }

  private onKey(event: KeyboardEvent, index: number): void {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "z") this.callbacks.onUndo();
    else if (event.key === "Enter" || event.key === " ") this.callbacks.onPlay(index);
    else if (event.key === "ArrowLeft" || event.key === "ArrowRight") this.callbacks.onNudge(index, event.shiftKey ? "start" : "end", event.key === "ArrowLeft" ? -1 : 1);
    else if (event.key === "ArrowDown") this.rows[index + 1]?.element.focus();
    else if (event.key === "ArrowUp") this.rows[index - 1]?.element.focus();
    else return;
    event.preventDefault();
  }
}
