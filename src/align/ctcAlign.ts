/**
 * CTC forced alignment (Viterbi) of a known label sequence to per-frame log-probabilities.
 *
 * States follow the usual CTC topology over the label sequence l[0..L-1] with blanks
 * interleaved: state 2j+1 emits l[j], even states emit blank; a path may stay, advance one
 * state, or skip a blank between two different labels. An optional band limits, per frame,
 * which labels may be active (from the locator's anchors), so long recordings cost
 * O(frames × band) time and memory instead of O(frames × labels). Pure function.
 */

export interface FramePosteriors {
  /** Frame-major log-probabilities: logProbs[frameIndex * vocabSize + symbol]. */
  logProbs: Float32Array;
  frameCount: number;
  vocabSize: number;
}

export interface LabelBand {
  /** Per frame, the lowest and highest label index (0..L-1) allowed to be active at that frame. */
  lowLabel: Int32Array;
  highLabel: Int32Array;
}

export interface CtcAlignment {
  /** Per label: first and last frame in which it is emitted. */
  labelStartFrame: Int32Array;
  labelEndFrame: Int32Array;
  /** Per label: log-probability of the label on its frames minus the best symbol's, summed. */
  labelScore: Float32Array;
  /** Total path log-probability. */
  logScore: number;
}

export interface AlignOptions {
  band?: LabelBand;
  blankIndex?: number;
  /**
   * Label ranges [startLabel, endLabel) the recitation may leave out entirely (isti'adha,
   * basmala, closing phrase): the path may jump from the blank before the range to the blank
   * after it. Ranges may nest or share an end (a unit that may be left out whole or only its tail).
   */
  optionalRanges?: [number, number][];
  /**
   * Backpointer memory to reuse across alignments (one recognition aligns each segment up to a
   * dozen times, lattices of up to tens of MB): fresh lattices are garbage the collector frees
   * only once some 64 MB of them pile up, so a long recording's peak grew with its segment count.
   */
  workspace?: LatticeWorkspace;
}

/** Reusable backpointer storage for ctcForcedAlign; owned by one caller, used by one alignment at a time. */
export interface LatticeWorkspace {
  steps: Uint8Array;
  /** The aligned window's log-probabilities, when they are decoded from a compact store (segmentAlign.ts). */
  rows: Float32Array;
}

export function createLatticeWorkspace(): LatticeWorkspace {
  return { steps: new Uint8Array(0), rows: new Float32Array(0) };
}

/** `cellCount` zeroed backpointer cells: a view of the workspace (grown when too small), or a fresh array. */
function backpointerCells(cellCount: number, workspace: LatticeWorkspace | undefined): Uint8Array {
  if (!workspace) return new Uint8Array(cellCount);
  if (workspace.steps.length < cellCount) workspace.steps = new Uint8Array(Math.max(cellCount, Math.ceil(workspace.steps.length * 1.5)));
  const cells = workspace.steps.subarray(0, cellCount);
  cells.fill(0);
  return cells;
}

export class AlignmentImpossibleError extends Error {}

function stateRange(band: LabelBand | undefined, frameIndex: number, stateCount: number): [number, number] {
  if (!band) return [0, stateCount - 1];
  const low = Math.max(0, 2 * band.lowLabel[frameIndex]);
  const high = Math.min(stateCount - 1, 2 * band.highLabel[frameIndex] + 2);
  return [low, high];
}

/** Skip sources of each state: the blank after an optional range can be entered from the blank before it. */
function skipSources(stateCount: number, ranges: [number, number][]): Map<number, number[]> {
  const sources = new Map<number, number[]>();
  for (const [start, end] of ranges) {
    if (end * 2 >= stateCount || start >= end) continue;
    const list = sources.get(2 * end) ?? [];
    if (!list.includes(2 * start)) list.push(2 * start);
    sources.set(2 * end, list);
  }
  return sources;
}

/** States a path may start in: the first blank/label, or past any leading optional ranges. */
function initialStates(ranges: [number, number][]): number[] {
  const reachable = new Set([0]);
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) if (reachable.has(start)) reachable.add(end);
  return [...reachable].flatMap((label) => [2 * label, 2 * label + 1]);
}

export function ctcForcedAlign(posteriors: FramePosteriors, labels: ArrayLike<number>, options: AlignOptions = {}): CtcAlignment {
  const { band, blankIndex = 0, optionalRanges = [], workspace } = options;
  const { logProbs, frameCount, vocabSize } = posteriors;
  const labelCount = labels.length;
  const stateCount = 2 * labelCount + 1;
  if (labelCount === 0 || frameCount === 0) throw new AlignmentImpossibleError("nothing to align");
  const symbolOf = (state: number) => (state % 2 === 0 ? blankIndex : labels[(state - 1) >> 1]);
  // Backpointers: how many states back the best predecessor was (0, 1 or 2), per frame within its band.
  const offsets = new Int32Array(frameCount);
  const widths = new Int32Array(frameCount);
  let total = 0;
  for (let t = 0; t < frameCount; t++) {
    const [low, high] = stateRange(band, t, stateCount);
    offsets[t] = total;
    widths[t] = Math.max(0, high - low + 1);
    total += widths[t];
  }
  const steps = backpointerCells(total, workspace);
  let previous = new Float64Array(stateCount).fill(-Infinity);
  let current = new Float64Array(stateCount).fill(-Infinity);
  const skipFrom = skipSources(stateCount, optionalRanges);
  const [low0, high0] = stateRange(band, 0, stateCount);
  for (const s of initialStates(optionalRanges)) if (s >= low0 && s <= high0 && s < stateCount) previous[s] = logProbs[symbolOf(s)];
  for (let t = 1; t < frameCount; t++) {
    const [low, high] = stateRange(band, t, stateCount);
    const row = t * vocabSize;
    current.fill(-Infinity);
    for (let s = low; s <= high; s++) {
      let best = previous[s];
      let step = 0;
      if (s >= 1 && previous[s - 1] > best) { best = previous[s - 1]; step = 1; }
      if (s >= 2 && s % 2 === 1 && labels[(s - 1) >> 1] !== labels[(s - 3) >> 1] && previous[s - 2] > best) { best = previous[s - 2]; step = 2; }
      const sources = skipFrom.get(s);
      if (sources) {
        sources.forEach((source, j) => {
          if (previous[source] > best) { best = previous[source]; step = 3 + j; }
        });
      }
      if (best === -Infinity) continue;
      current[s] = best + logProbs[row + symbolOf(s)];
      steps[offsets[t] + s - low] = step;
    }
    [previous, current] = [current, previous];
  }
  return traceAlignment(posteriors, labels, band, previous, { steps, offsets, skipFrom }, stateCount);
}

function traceAlignment(
  posteriors: FramePosteriors, labels: ArrayLike<number>, band: LabelBand | undefined,
  lastRow: Float64Array, trace: { steps: Uint8Array; offsets: Int32Array; skipFrom: Map<number, number[]> }, stateCount: number,
): CtcAlignment {
  const { steps, offsets, skipFrom } = trace;
  const { logProbs, frameCount, vocabSize } = posteriors;
  const labelCount = labels.length;
  let state = lastRow[stateCount - 1] >= lastRow[stateCount - 2] ? stateCount - 1 : stateCount - 2;
  const logScore = lastRow[state];
  if (logScore === -Infinity) throw new AlignmentImpossibleError("no alignment path fits the frames (too few frames or band too narrow)");
  const labelStartFrame = new Int32Array(labelCount).fill(-1);
  const labelEndFrame = new Int32Array(labelCount).fill(-1);
  const labelScore = new Float32Array(labelCount);
  for (let t = frameCount - 1; t >= 0; t--) {
    if (state % 2 === 1) {
      const label = (state - 1) >> 1;
      if (labelEndFrame[label] < 0) labelEndFrame[label] = t;
      labelStartFrame[label] = t;
      labelScore[label] += logProbs[t * vocabSize + labels[label]] - maxOfRow(logProbs, t * vocabSize, vocabSize);
    }
    if (t === 0) break;
    const [low] = stateRange(band, t, stateCount);
    const step = steps[offsets[t] + state - low];
    state = step >= 3 ? skipFrom.get(state)![step - 3] : state - step;
  }
  return { labelStartFrame, labelEndFrame, labelScore, logScore };
}

function maxOfRow(values: Float32Array, start: number, length: number): number {
  let best = -Infinity;
  for (let i = start; i < start + length; i++) if (values[i] > best) best = values[i];
  return best;
}
