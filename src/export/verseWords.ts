/**
 * Word numbering for timings keyed by word: the 1-based position of a timed word among the
 * Uthmani words of its verse. The metadata lists only the words that were heard (an ayah cut off
 * by the recording's start or end lacks its head or tail), so the heard words are placed on the
 * verse text as one contiguous run, which is what the aligner can produce. Pure.
 */

/** The verse's written words, split as the aligner splits them (spaces, including thin spaces). */
export function uthmaniWords(ayahText: string): string[] {
  return ayahText.split(/\s+/u).filter((word) => word.length > 0);
}

function contiguousOffset(verseWords: readonly string[], heard: readonly string[]): number | null {
  for (let offset = 0; offset + heard.length <= verseWords.length; offset++) {
    if (heard.every((word, k) => verseWords[offset + k] === word)) return offset;
  }
  return null;
}

/**
 * 1-based index of each heard word in the verse, or null for a word not found there (never
 * guessed: an export then leaves that word out).
 */
export function wordPositions(ayahText: string, heard: readonly string[]): (number | null)[] {
  const verseWords = uthmaniWords(ayahText);
  const offset = contiguousOffset(verseWords, heard);
  if (offset !== null) return heard.map((_, k) => offset + k + 1);
  // Not one run: match in order, each word at its next occurrence.
  let next = 0;
  return heard.map((word) => {
    const found = verseWords.indexOf(word, next);
    if (found < 0) return null;
    next = found + 1;
    return found + 1;
  });
}
