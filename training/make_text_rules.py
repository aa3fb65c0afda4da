"""Writes models/quran-text-rules.json: the letter-normalization rules shared by trainer and TS runtime.

The rules are data so that Python (text_rules.py) and TypeScript interpret exactly the same thing.
Why each rule exists is documented in the `notes` field of the JSON and in training/README.md.
Run: /usr/bin/python3 training/make_text_rules.py
"""
import json
import pathlib

REPO = pathlib.Path(__file__).resolve().parent.parent

# 28 base letters plus hamza, taa marbuta and the two hamza seats that keep their own shape.
LETTERS = list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي") + ["ء", "ة", "ؤ", "ئ"]

# Muqatta'at: recited as letter names, so labelled as spoken (exact Uthmani forms found in quran-json).
MUQATTAAT = {
    "الٓمٓ": "الف لام ميم",
    "الٓرۚ": "الف لام را",
    "الٓمٓصٓ": "الف لام ميم صاد",
    "الٓمٓرۚ": "الف لام ميم را",
    "كٓهيعٓصٓ": "كاف ها يا عين صاد",
    "طه": "طا ها",
    "طسٓمٓ": "طا سين ميم",
    "طسٓۚ": "طا سين",
    "يسٓ": "يا سين",
    "صٓۚ": "صاد",
    "حمٓ": "حا ميم",
    "عٓسٓقٓ": "عين سين قاف",
    "قٓۚ": "قاف",
    "نٓۚ": "نون",
}

# Characters that count as marks attached to the preceding letter (for markedLetterDeletions).
COMBINING = [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670"] + [chr(c) for c in range(0x06D6, 0x06EE)]

MARKED_LETTER_DELETIONS = [
    # In this text U+0652 (round sukun) plays the role of the "small rounded zero": the letter is never pronounced
    # (alef after plural waw as in ءَامَنُواْ, waw of أُوْلَـٰٓئِكَ, yaa of بِأَيْيدٍ).
    {"letters": "اويى", "marks": "\u0652", "why": "silent letter (rounded zero)"},
    # Alef maksura / waw carrying a dagger alef are only the seat of the long a (عَلَىٰ, ٱلصَّلَوٰةَ).
    {"letters": "ىو", "marks": "\u0670", "why": "seat of a dagger alef is silent"},
    # Yaa / waw carrying hamza below (تِلۡقَآيِٕ) are only the seat of the hamza.
    {"letters": "يو", "marks": "\u0655", "why": "seat of hamza below is silent"},
]

CHAR_MAP = {
    "ٱ": "ا", "أ": "ا", "إ": "ا", "آ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ا",        # alef maksura without dagger (هُدٗى, عَلَى) is a long a
    "\u0670": "ا",   # dagger alef is pronounced
    "\u06E5": "و",   # small waw (إِنَّهُۥ) is pronounced
    "\u06E6": "ي",   # small yaa is pronounced
    "\u06E7": "ي",   # small high yaa (إِبۡرَٰهِـۧمَ) is pronounced
    "\u06E8": "ن",   # small high noon (نُـۨجِي) is pronounced
    "\u0654": "ء",   # hamza above on a tatweel seat (شَيۡـٔٗا) is pronounced
    "\u0655": "ء",   # hamza below (seat removed above)
}

# Everything else that is not a letter: harakat, tanween variants, Quranic annotation and pause marks,
# tatweel, rub el hizb, sajdah sign, upright rectangular zero (alef kept), maddah signs.
DELETE = sorted(set(COMBINING + ["\u0640", "\u06DE", "\u06E9"]) - set(CHAR_MAP))


def build() -> dict:
    return {
        "name": "quran-text-rules-v1",
        "source": "quran-json dist/quran.json (Uthmani, full diacritics)",
        "wordSeparators": [" ", "\u2009"],
        "combining": COMBINING,
        "wordReplacements": MUQATTAAT,
        "markedLetterDeletions": [{"letters": r["letters"], "marks": r["marks"]} for r in MARKED_LETTER_DELETIONS],
        "charMap": CHAR_MAP,
        "deleteChars": DELETE,
        "letters": LETTERS,
        "algorithm": [
            "1. replace every wordSeparators char by ' ' and split on ' ', dropping empty words",
            "2. per word: if the whole word is a key of wordReplacements, it becomes that value (may hold spaces)",
            "3. per word: delete each char c with c in some rule's letters when the maximal run of `combining`"
            " chars directly after c contains one of that rule's marks (all rules checked on the word before any"
            " deletion)",
            "4. per char: replace by charMap[c] when present",
            "5. delete every char in deleteChars",
            "6. join the words with ' ', then collapse runs of spaces to one and trim; every remaining char must be"
            " in letters or be ' '",
        ],
        "notes": {r["why"]: r["letters"] + " + U+%04X" % ord(r["marks"]) for r in MARKED_LETTER_DELETIONS},
    }


if __name__ == "__main__":
    out = REPO / "models" / "quran-text-rules.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print("wrote", out)
