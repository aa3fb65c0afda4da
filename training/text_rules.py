"""Interpreter of models/quran-text-rules.json (the TS runtime implements the same ordered steps).

Usage: /usr/bin/python3 training/text_rules.py --dump-all > ayahs.txt   # SSS|AAA|normalized for all 6236 ayahs
"""
import argparse
import json
import pathlib
import sys
from dataclasses import dataclass

REPO = pathlib.Path(__file__).resolve().parent.parent
RULES_PATH = REPO / "models" / "quran-text-rules.json"
QURAN_PATH = REPO / "node_modules" / "quran-json" / "dist" / "quran.json"


@dataclass(frozen=True)
class Ayah:
    surah: int
    ayah: int
    text: str


def load_rules(path: pathlib.Path = RULES_PATH) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _delete_marked_letters(word: str, rules: dict) -> str:
    combining = set(rules["combining"])
    kept = []
    for i, ch in enumerate(word):
        j = i + 1
        while j < len(word) and word[j] in combining:
            j += 1
        marks = word[i + 1:j]
        silent = any(ch in r["letters"] and any(m in marks for m in r["marks"]) for r in rules["markedLetterDeletions"])
        if not silent:
            kept.append(ch)
    return "".join(kept)


def normalize_word(word: str, rules: dict) -> str:
    """One written word -> its label letters (may contain spaces for muqatta'at, may be empty)."""
    if word in rules["wordReplacements"]:
        word = rules["wordReplacements"][word]
    word = _delete_marked_letters(word, rules)
    char_map, delete = rules["charMap"], set(rules["deleteChars"])
    mapped = "".join(char_map.get(ch, ch) for ch in word)
    return "".join(ch for ch in mapped if ch not in delete)


def split_words(text: str, rules: dict) -> list:
    for sep in rules["wordSeparators"]:
        text = text.replace(sep, " ")
    return [w for w in text.split(" ") if w]


def normalize(text: str, rules: dict) -> str:
    joined = " ".join(normalize_word(w, rules) for w in split_words(text, rules))
    out = " ".join(w for w in joined.split(" ") if w)
    allowed = set(rules["letters"]) | {" "}
    bad = sorted(set(out) - allowed)
    if bad:
        raise ValueError("unmapped chars %r in %r" % ([hex(ord(c)) for c in bad], text))
    return out


def load_ayahs(path: pathlib.Path = QURAN_PATH) -> list:
    surahs = json.loads(path.read_text(encoding="utf-8"))
    return [Ayah(s["id"], v["id"], v["text"]) for s in surahs for v in s["verses"]]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dump-all", action="store_true", help="print SSS|AAA|normalized for every ayah")
    ap.add_argument("--text", help="normalize one string")
    args = ap.parse_args()
    rules = load_rules()
    if args.text:
        print(normalize(args.text, rules))
    if args.dump_all:
        out = sys.stdout
        for a in load_ayahs():
            out.write("%03d|%03d|%s\n" % (a.surah, a.ayah, normalize(a.text, rules)))


if __name__ == "__main__":
    main()
