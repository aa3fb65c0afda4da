/**
 * The correction toolbar: which ayah is selected, ±10 ms nudges of its start and end, how many
 * changes are unsaved, Undo and Save. The state lives in the job view; this only shows it.
 */
import { el, label } from "./dom.ts";
import { bindLabel } from "./i18n.ts";
import type { Edge } from "./boundaryEditor.ts";

export interface EditorBarCallbacks {
  onNudge(edge: Edge, direction: -1 | 1): void;
  onUndo(): void;
  onSave(): void;
}

export interface EditorBarState {
  selectedLabel: string | null;
  changedCount: number;
  canUndo: boolean;
  busy: boolean;
}

export class EditorBar {
  readonly element: HTMLElement;
  private readonly selection = el("p", { class: "editor-selection" });
  private readonly changes = el("span", { class: "editor-changes", "aria-live": "polite" });
  private readonly nudges: HTMLButtonElement[];
  private readonly undoButton: HTMLButtonElement;
  private readonly saveButton: HTMLButtonElement;

  constructor(callbacks: EditorBarCallbacks) {
    const nudge = (key: "editor.startEarlier" | "editor.startLater" | "editor.endEarlier" | "editor.endLater", edge: Edge, direction: -1 | 1) =>
      label("button", key, {}, { class: "btn btn-small", type: "button", "data-nudge": `${edge}${direction > 0 ? "+" : "-"}`, onclick: () => callbacks.onNudge(edge, direction) });
    this.nudges = [nudge("editor.startEarlier", "start", -1), nudge("editor.startLater", "start", 1), nudge("editor.endEarlier", "end", -1), nudge("editor.endLater", "end", 1)];
    this.undoButton = label("button", "editor.undo", {}, { class: "btn", type: "button", "data-action": "undo", onclick: () => callbacks.onUndo() });
    this.saveButton = label("button", "editor.save", {}, { class: "btn btn-primary", type: "button", "data-action": "save", onclick: () => callbacks.onSave() });
    this.element = el("section", { class: "card editor-card", "aria-labelledby": "editor-title" },
      el("header", { class: "card-header" }, label("h3", "editor.title", {}, { id: "editor-title" })),
      label("p", "editor.help", {}, { class: "editor-help" }),
      this.changes,
      el("div", { class: "editor-row" }, this.selection, el("div", { class: "nudges", dir: "ltr" }, ...this.nudges)),
      el("div", { class: "editor-actions" }, this.undoButton, this.saveButton));
  }

  update(state: EditorBarState): void {
    if (state.selectedLabel) bindLabel(this.selection, "editor.selected", { label: state.selectedLabel });
    else bindLabel(this.selection, "editor.nothingSelected");
    this.selection.classList.toggle("none", state.selectedLabel === null);
    for (const button of this.nudges) button.disabled = state.selectedLabel === null || state.busy;
    if (state.changedCount > 0) bindLabel(this.changes, "editor.changes", { count: state.changedCount });
    else bindLabel(this.changes, "editor.noChanges");
    this.changes.classList.toggle("has-changes", state.changedCount > 0);
    this.undoButton.disabled = !state.canUndo || state.busy;
    this.saveButton.disabled = state.changedCount === 0 || state.busy;
    bindLabel(this.saveButton, state.busy ? "editor.saving" : "editor.save");
  }
}
