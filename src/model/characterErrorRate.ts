/**
 * Character error rate between a recognised letter string and the reference spoken text:
 * Levenshtein distance (insertions, deletions, substitutions, each cost 1) over UTF-16 code units
 * (all label symbols are BMP letters or " ") divided by the reference length. Used to measure the
 * acoustic model (greedy CER), as the trainer does in Python.
 */

export function editDistance(hypothesis: string, reference: string): number {
  // Two rolling rows: O(|reference|) memory, enough for whole-surah strings.
  let previous = Array.from({ length: reference.length + 1 }, (_, index) => index);
  let current = new Array<number>(reference.length + 1);
  for (let h = 1; h <= hypothesis.length; h++) {
    current[0] = h;
    for (let r = 1; r <= reference.length; r++) {
      const substitution = previous[r - 1] + (hypothesis[h - 1] === reference[r - 1] ? 0 : 1);
      current[r] = Math.min(substitution, previous[r] + 1, current[r - 1] + 1);
    }
    [previous, current] = [current, previous];
  }
  return previous[reference.length];
}

/** edit distance / reference length (1 for an empty hypothesis; 0 when both are empty). */
export function characterErrorRate(hypothesis: string, reference: string): number {
  if (reference.length === 0) return hypothesis.length === 0 ? 0 : 1;
  return editDistance(hypothesis, reference) / reference.length;
}
