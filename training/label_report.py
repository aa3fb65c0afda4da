"""How well the service split whole-surah recordings of other voices (no reference times exist for them).

/usr/bin/python3 training/label_report.py SPANS.jsonl [SPANS.jsonl ...]
For each spans file of `scripts/pseudoLabel.ts --surah-files` (one surah per recording): recordings whose ayahs came out
as exactly 1..N of that surah (a repeated ayah counts as not exact), and the ayahs missing / extra overall. With no
reference times this checks recognition and completeness, not boundary accuracy.
"""
import json
import pathlib
import sys

AYAH_COUNTS = json.loads((pathlib.Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "ayah_counts.json")
                         .read_text())


def report(path: str) -> dict:
    lines = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    exact = missing = extra = 0
    not_exact = []
    for line in lines:
        surah = int(pathlib.Path(line["path"]).stem)
        expected = list(range(1, AYAH_COUNTS[surah - 1] + 1))
        got = [s["ayah"] for s in line["spans"] if s["surah"] == surah and not (s["isBasmala"] and surah != 1)]
        missing += len(set(expected) - set(got))
        extra += len(got) - len(set(got) & set(expected))
        if got == expected:
            exact += 1
        else:
            not_exact.append(line["path"])
    return {"spans": path, "recordings": len(lines), "exact_sequence": "%d/%d" % (exact, len(lines)),
            "missing_ayahs": missing, "extra_ayahs": extra, "not_exact": not_exact}


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(json.dumps(report(arg)))
