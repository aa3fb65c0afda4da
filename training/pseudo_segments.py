"""Cut pseudo-labelled whole recordings into per-ayah training utterances (feature cache like features.py extract).

/usr/bin/python3 training/pseudo_segments.py --repo GITDIR --spans training/pseudo/X.jsonl --out training/cache/X.npz \
    [--min-confidence 0.2] [--min-neighbour-confidence 0.1]
The spans come from `node --import tsx scripts/pseudoLabel.ts` (the service's recognizer + CTC forced alignment with
a first model). Kept: spans of recordings the model aligned (not the pause baseline), not flagged as cut off, with
confidence >= --min-confidence, neighbours in the recording with confidence >= --min-neighbour-confidence (a boundary
shared with a misaligned ayah is suspect), an ayah heard once in the whole set, and a plausible speaking rate. A surah's basmala is keyed SSS000 (label = 1:1).
"""
import argparse
import json
import sys
import time

import numpy as np
import torch

import ctc_text
import features

# Seconds per label symbol (letters + spaces) outside this range mean a misplaced boundary, not a reciter.
MIN_SECONDS_PER_SYMBOL = 0.06
MAX_SECONDS_PER_SYMBOL = 0.8


def ayah_key(span: dict) -> int:
    return span["surah"] * 1000 + (0 if span["isBasmala"] and span["surah"] != 1 else span["ayah"])


def label_of(key: int, labels: dict) -> str:
    surah, ayah = divmod(key, 1000)
    return labels[(1, 1)] if ayah == 0 else labels[(surah, ayah)]


def weak_neighbour(spans: list, k: int, min_neighbour_confidence: float) -> bool:
    return any(0 <= j < len(spans) and spans[j]["confidence"] < min_neighbour_confidence for j in (k - 1, k + 1))


def select_spans(lines: list, labels: dict, min_confidence: float, min_neighbour_confidence: float = 0.0) -> tuple:
    """[(recording path, key, start_s, end_s)] of confident unique spans, and counts of what was dropped."""
    dropped = {"baseline": 0, "cutoff": 0, "confidence": 0, "neighbour": 0, "repeat": 0, "rate": 0}
    counts, chosen = {}, []
    for line in lines:
        for span in line["spans"]:
            counts[ayah_key(span)] = counts.get(ayah_key(span), 0) + 1
    for line in lines:
        for k, span in enumerate(line["spans"]):
            key = ayah_key(span)
            seconds = span["endTimeSeconds"] - span["startTimeSeconds"]
            rate = seconds / max(1, len(label_of(key, labels)))
            reason = ("baseline" if not line["ok"] else "cutoff" if span["cutoffUncertain"]
                      else "confidence" if span["confidence"] < min_confidence
                      else "neighbour" if weak_neighbour(line["spans"], k, min_neighbour_confidence)
                      else "repeat" if counts[key] > 1
                      else "rate" if not MIN_SECONDS_PER_SYMBOL <= rate <= MAX_SECONDS_PER_SYMBOL else None)
            if reason:
                dropped[reason] += 1
            else:
                chosen.append((line["path"], key, span["startTimeSeconds"], span["endTimeSeconds"]))
    return chosen, dropped


def extract_segments(git_dir: str, spans_path: str, out_path: str, min_confidence: float,
                     min_neighbour_confidence: float) -> None:
    torch.set_num_threads(1)
    # one line per recording (the last one: an interrupted and resumed labelling run can write a recording twice)
    lines = list({line["path"]: line for line in map(json.loads, filter(str.strip, open(spans_path, encoding="utf-8")))}
                 .values())
    chosen, dropped = select_spans(lines, ctc_text.ayah_labels(), min_confidence, min_neighbour_confidence)
    print("kept %d ayahs; dropped %s" % (len(chosen), dropped), flush=True)
    reader = features.BlobReader(git_dir)
    chunks, keys, offsets, total, audio_s, t0 = [], [], [0], 0, 0.0, time.time()
    by_path = {}
    for path, key, start_s, end_s in chosen:
        by_path.setdefault(path, []).append((key, start_s, end_s))
    for path, segs in sorted(by_path.items()):
        pcm = features.decode_mp3(reader.read(path))
        for key, start_s, end_s in segs:
            piece = pcm[int(start_s * features.SAMPLE_RATE_HZ):int(end_s * features.SAMPLE_RATE_HZ)]
            feats = features.log_mel(torch.from_numpy(piece.copy())).T.numpy().astype(np.float16)
            chunks.append(feats)
            total += feats.shape[0]
            offsets.append(total)
            keys.append(key)
            audio_s += len(piece) / features.SAMPLE_RATE_HZ
    features.save_cache(out_path, chunks, keys, offsets, audio_s)
    print("done %s: %d ayahs, %.2f h audio, %.0f s wall" % (out_path, len(keys), audio_s / 3600, time.time() - t0))


def main(argv: list) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repo", required=True)
    ap.add_argument("--spans", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--min-confidence", type=float, default=0.2)
    ap.add_argument("--min-neighbour-confidence", type=float, default=0.1)
    args = ap.parse_args(argv)
    extract_segments(args.repo, args.spans, args.out, args.min_confidence, args.min_neighbour_confidence)


if __name__ == "__main__":
    main(sys.argv[1:])
