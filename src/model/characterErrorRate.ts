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

/** One edit of a minimal alignment of hypothesis to reference. */
export type EditOperation =
  | { kind: "substitute"; reference: string; hypothesis: string }
  | { kind: "delete"; reference: string }
  | { kind: "insert"; hypothesis: string };

/**
 * The edits of one minimal alignment (as many as editDistance counts), in reference order: where
 * a CER comes from (which letters the model drops, adds or confuses). Full O(|h|·|r|) table, so
 * meant for ayah-length strings.
 */
export function editOperations(hypothesis: string, reference: string): EditOperation[] {
  const width = reference.length + 1;
  const table = new Uint32Array((hypothesis.length + 1) * width);
  for (let r = 0; r <= reference.length; r++) table[r] = r;
  for (let h = 1; h <= hypothesis.length; h++) {
    table[h * width] = h;
    for (let r = 1; r <= reference.length; r++) {
      const substitution = table[(h - 1) * width + r - 1] + (hypothesis[h - 1] === reference[r - 1] ? 0 : 1);
      table[h * width + r] = Math.min(substitution, table[(h - 1) * width + r] + 1, table[h * width + r - 1] + 1);
    }
  }
  const operations: EditOperation[] = [];
  let [h, r] = [hypothesis.length, reference.length];
  while (h > 0 || r > 0) {
    const here = table[h * width + r];
    const same = h > 0 && r > 0 && hypothesis[h - 1] === reference[r - 1];
    if (h > 0 && r > 0 && here === table[(h - 1) * width + r - 1] + (same ? 0 : 1)) {
      if (!same) operations.push({ kind: "substitute", reference: reference[r - 1], hypothesis: hypothesis[h - 1] });
      h--; r--;
    } else if (h > 0 && here === table[(h - 1) * width + r] + 1) {
      operations.push({ kind: "insert", hypothesis: hypothesis[h - 1] });
      h--;
    } else {
      operations.push({ kind: "delete", reference: reference[r - 1] });
      r--;
    }
  }
  return operations.reverse();
}
