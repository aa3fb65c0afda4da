"""Alphabet, label encoding, greedy CTC decoding and character error rate."""
import json
import pathlib

import numpy as np

import text_rules

BLANK = "<blank>"


def build_alphabet(rules: dict) -> list:
    """Index 0 = CTC blank, 1 = word boundary, then the letters of the text rules in their file order."""
    return [BLANK, " "] + list(rules["letters"])


def load_alphabet_from_card(card_path: pathlib.Path) -> list:
    return json.loads(card_path.read_text(encoding="utf-8"))["alphabet"]


def encode(text: str, alphabet: list) -> list:
    index = {s: i for i, s in enumerate(alphabet)}
    return [index[ch] for ch in text]


def greedy_decode(log_probs: np.ndarray, alphabet: list) -> str:
    """[frames, vocab] -> text: best symbol per frame, merge repeats, drop blanks, tidy spaces."""
    best = log_probs.argmax(axis=-1)
    out, prev = [], -1
    for idx in best:
        if idx != prev and idx != 0:
            out.append(alphabet[idx])
        prev = idx
    return " ".join("".join(out).split())


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        prev = cur
    return prev[-1]


def ayah_labels() -> dict:
    """(surah, ayah) -> normalized label text for all 6236 ayahs."""
    rules = text_rules.load_rules()
    return {(a.surah, a.ayah): text_rules.normalize(a.text, rules) for a in text_rules.load_ayahs()}
