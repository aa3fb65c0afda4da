/**
 * Rough spoken-length measure of Uthmani text: the number of base Arabic letters, ignoring
 * diacritics and Quranic annotation marks. Used by the baseline aligner, which only needs
 * relative ayah lengths, not the model's exact spoken form.
 */

/** Base letters hamza..yeh (U+0621–U+064A), alef wasla (U+0671), and small waw/yeh (pronounced). */
function isCountedLetter(codePoint: number): boolean {
  return (
    (codePoint >= 0x0621 && codePoint <= 0x064a && codePoint !== 0x0640) ||
    codePoint === 0x0671 ||
    codePoint === 0x06e5 ||
    codePoint === 0x06e6 ||
    codePoint === 0x0670 // dagger alef: a pronounced long a
  );
}

export function countLetters(uthmaniText: string): number {
  let count = 0;
  for (const char of uthmaniText) {
    if (isCountedLetter(char.codePointAt(0) ?? 0)) count += 1;
  }
  return count;
}
