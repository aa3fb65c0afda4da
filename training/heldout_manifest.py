"""A second validation voice: pseudo-labelled whole recordings written as an eval set like ../shared/eval/dev.

/usr/bin/python3 training/heldout_manifest.py --repo GITDIR --spans training/pseudo/X.jsonl --out training/heldout/X
Writes OUT/manifest.json (items: audio, kind, duration, expected [{surah, ayah, start, end}], cut_off_end, id) and
the recordings it names (OUT is git-ignored: never commit them). `node --import tsx scripts/evalModelCer.ts OUT`
then measures per-ayah CER on this voice and `npm run eval -- OUT` the recognition.
The ayah times come from scripts/pseudoLabel.ts (the model of the day, so they are not ground truth): only
recordings whose ayahs came out as exactly basmala? + 1..N of their surah are kept, the rest are listed as dropped.
The voice this set is made from must be held out of training entirely (no cache of it, no pseudo_segments run).
"""
import argparse
import json
import pathlib
import sys

import ctc_text
import features


def ayah_counts() -> dict:
    counts = {}
    for surah, ayah in ctc_text.ayah_labels():
        counts[surah] = max(counts.get(surah, 0), ayah)
    return counts


def expected_of(spans: list) -> list:
    """Spans -> manifest ayahs; a surah's opening basmala is ayah 0 (al-Fatiha's basmala is its ayah 1)."""
    return [{"surah": s["surah"], "ayah": 0 if s["isBasmala"] and s["surah"] != 1 else s["ayah"],
             "start": round(s["startTimeSeconds"], 3), "end": round(s["endTimeSeconds"], 3)} for s in spans]


def is_exact(line: dict, counts: dict) -> bool:
    """Aligned (not the pause baseline) and exactly [basmala] 1..N of the file's surah, in order."""
    surah = line["hints"].get("surah")
    if not line["ok"] or surah not in counts:
        return False
    got = [(e["surah"], e["ayah"]) for e in expected_of(line["spans"]) if e["ayah"] != 0]
    return got == [(surah, a) for a in range(1, counts[surah] + 1)]


def manifest_item(line: dict) -> dict:
    stem = pathlib.Path(line["path"]).stem
    return {"audio": "%s.mp3" % stem, "kind": "whole-surah", "duration": round(line["durationSeconds"], 3),
            "expected": expected_of(line["spans"]), "cut_off_end": bool(line["spans"][-1]["cutoffUncertain"]),
            "id": "h%s" % stem}


def write_set(git_dir: str, spans_path: str, out_dir: str, name: str) -> dict:
    lines = [json.loads(l) for l in open(spans_path, encoding="utf-8") if l.strip()]
    counts = ayah_counts()
    kept = [l for l in lines if is_exact(l, counts)]
    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    reader = features.BlobReader(git_dir)
    items = []
    for line in kept:
        item = manifest_item(line)
        (out / item["audio"]).write_bytes(reader.read(line["path"]))
        items.append(item)
    manifest = {"name": name, "source": {"repo": git_dir, "spans": spans_path,
                                         "times": "pseudo-labelled by scripts/pseudoLabel.ts (not ground truth)"},
                "dropped_not_exact": [l["path"] for l in lines if l not in kept], "items": items}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return {"items": len(items), "ayahs": sum(len(i["expected"]) for i in items),
            "minutes": round(sum(i["duration"] for i in items) / 60, 1), "dropped": manifest["dropped_not_exact"]}


def main(argv: list) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repo", required=True)
    ap.add_argument("--spans", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--name", help="set name (default: the folder name)")
    args = ap.parse_args(argv)
    print(json.dumps(write_set(args.repo, args.spans, args.out, args.name or pathlib.Path(args.out).name)))


if __name__ == "__main__":
    main(sys.argv[1:])
