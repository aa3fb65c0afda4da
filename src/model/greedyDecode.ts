/**
 * CTC greedy (best-path) decoding: the most probable symbol per frame, repeats merged, blanks
 * removed. The locator searches this letter string; the per-letter frames say roughly where each
 * letter was heard (the frame where its run of frames starts).
 */
import { logProbRows, type LetterPosteriors } from "./ctcPosteriors.ts";

export const BLANK_INDEX = 0;

export interface GreedyDecoding {
  /** Decoded symbols joined (letters and " "), leading/trailing/double spaces removed. */
  text: string;
  /** Vocab index per symbol of the raw path (before space clean-up), and the frame where its run starts. */
  symbolIndices: Int32Array;
  startFrames: Int32Array;
}

/** Frames decoded at a time from float16 posteriors (34 symbols: 140 KB, reused). */
const BLOCK_FRAMES = 1024;

/** Index of the largest log-probability of each frame. */
export function bestPathIndices(posteriors: LetterPosteriors): Int32Array {
  const { frameCount, vocabSize } = posteriors;
  const best = new Int32Array(frameCount);
  const block = new Float32Array(Math.min(frameCount, BLOCK_FRAMES) * vocabSize);
  for (let blockStart = 0; blockStart < frameCount; blockStart += BLOCK_FRAMES) {
    const blockEnd = Math.min(frameCount, blockStart + BLOCK_FRAMES);
    const logProbs = logProbRows(posteriors, blockStart, blockEnd, block);
    for (let frame = blockStart; frame < blockEnd; frame++) {
      const rowOffset = (frame - blockStart) * vocabSize;
      let bestIndex = 0;
      for (let symbol = 1; symbol < vocabSize; symbol++) {
        if (logProbs[rowOffset + symbol] > logProbs[rowOffset + bestIndex]) bestIndex = symbol;
      }
      best[frame] = bestIndex;
    }
  }
  return best;
}

export function greedyDecodeDetailed(posteriors: LetterPosteriors): GreedyDecoding {
  const path = bestPathIndices(posteriors);
  const symbols: number[] = [];
  const starts: number[] = [];
  let previous = BLANK_INDEX;
  for (let frame = 0; frame < path.length; frame++) {
    const symbol = path[frame];
    if (symbol !== BLANK_INDEX && symbol !== previous) {
      symbols.push(symbol);
      starts.push(frame);
    }
    previous = symbol;
  }
  const raw = symbols.map((symbol) => posteriors.alphabet[symbol]).join("");
  return { text: raw.split(" ").filter((word) => word.length > 0).join(" "), symbolIndices: Int32Array.from(symbols), startFrames: Int32Array.from(starts) };
}

/** Greedy CTC decoding to a normalized letter string. */
export function greedyDecode(posteriors: LetterPosteriors): string {
  return greedyDecodeDetailed(posteriors).text;
}
