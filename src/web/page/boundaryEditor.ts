/**
 * Boundary corrections before they are saved: the ayahs' current times, the times the server
 * has, and an undo history. Pure (no DOM): every operation returns a new state.
 *
 * An edge moves within its ayah (an ayah keeps at least MIN_AYAH_SECONDS) and never over a
 * neighbour: where two ayahs touch (the usual case: the cut is one point in the pause), the
 * shared boundary moves for both; where there is a gap, the neighbour's edge is the limit.
 */
import type { AyahEditEntry } from "./apiClient.ts";

export interface Boundary {
  start: number;
  end: number;
}

export interface EditorState {
  readonly saved: readonly Boundary[];
  readonly current: readonly Boundary[];
  readonly history: readonly (readonly Boundary[])[];
  readonly durationSeconds: number;
}

export type Edge = "start" | "end";

export const NUDGE_SECONDS = 0.01;
export const MIN_AYAH_SECONDS = 0.05;
/** Edges closer than this are one shared boundary. */
const JOINED_SECONDS = 0.02;

const roundMs = (seconds: number): number => Math.round(seconds * 1000) / 1000;
const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value));

export function createEditor(times: readonly Boundary[], durationSeconds: number): EditorState {
  const copy = times.map(({ start, end }) => ({ start, end }));
  return { saved: copy, current: copy, history: [], durationSeconds };
}

function touches(left: Boundary | undefined, right: Boundary | undefined): boolean {
  return left !== undefined && right !== undefined && Math.abs(left.end - right.start) <= JOINED_SECONDS;
}

/** The times after moving one edge, clamped as the header says (no history entry). */
export function movedTimes(state: EditorState, index: number, edge: Edge, timeSeconds: number): Boundary[] {
  const times = state.current.map((boundary) => ({ ...boundary }));
  const ayah = times[index];
  if (!ayah) return times;
  if (edge === "start") {
    const previous = times[index - 1];
    const joined = touches(previous, ayah);
    const low = previous ? (joined ? previous.start + MIN_AYAH_SECONDS : previous.end) : 0;
    const moved = roundMs(clamp(timeSeconds, low, ayah.end - MIN_AYAH_SECONDS));
    if (joined) previous.end = moved;
    ayah.start = moved;
  } else {
    const next = times[index + 1];
    const joined = touches(ayah, next);
    const high = next ? (joined ? next.end - MIN_AYAH_SECONDS : next.start) : state.durationSeconds;
    const moved = roundMs(clamp(timeSeconds, ayah.start + MIN_AYAH_SECONDS, high));
    if (joined) next.start = moved;
    ayah.end = moved;
  }
  return times;
}

function sameTimes(a: readonly Boundary[], b: readonly Boundary[]): boolean {
  return a.length === b.length && a.every((boundary, i) => boundary.start === b[i].start && boundary.end === b[i].end);
}

export function moveEdge(state: EditorState, index: number, edge: Edge, timeSeconds: number): EditorState {
  const times = movedTimes(state, index, edge, timeSeconds);
  if (sameTimes(times, state.current)) return state;
  return { ...state, current: times, history: [...state.history, state.current] };
}

export function nudgeEdge(state: EditorState, index: number, edge: Edge, deltaSeconds: number): EditorState {
  const ayah = state.current[index];
  return ayah ? moveEdge(state, index, edge, ayah[edge] + deltaSeconds) : state;
}

export function undo(state: EditorState): EditorState {
  if (state.history.length === 0) return state;
  return { ...state, current: state.history[state.history.length - 1], history: state.history.slice(0, -1) };
}

export function changedIndexes(state: EditorState): number[] {
  const changed: number[] = [];
  state.current.forEach((boundary, i) => {
    const saved = state.saved[i];
    if (Math.abs(boundary.start - saved.start) > 0.0005 || Math.abs(boundary.end - saved.end) > 0.0005) changed.push(i);
  });
  return changed;
}

/**
 * The body of PUT /jobs/{id}/ayahs: the changed ayahs, in recited order. The server matches the
 * k-th entry of an ayah to its k-th reading, so a repeated ayah is sent with all its readings.
 */
export function editsToSave(ayahs: readonly { surah_number: number; ayah_number: number }[], state: EditorState): AyahEditEntry[] {
  const keyOf = (i: number): string => `${ayahs[i].surah_number}:${ayahs[i].ayah_number}`;
  const changedKeys = new Set(changedIndexes(state).map(keyOf));
  return state.current.flatMap((boundary, i) => (changedKeys.has(keyOf(i))
    ? [{ surah_number: ayahs[i].surah_number, ayah_number: ayahs[i].ayah_number, start_time: boundary.start, end_time: boundary.end }]
    : []));
}
