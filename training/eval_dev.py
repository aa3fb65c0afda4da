"""Per-ayah greedy CER on the validation reciter (/work/shared/eval/dev; never trained on).

/usr/bin/python3 training/eval_dev.py --ckpt training/runs/v1/checkpoint.pt [--out training/runs/v1/dev.json]
Cuts each recording at the manifest's `expected` boundaries (ayah 0 = basmala), skips the last ayah of cut-off
items, counts each (surah, ayah) once, and reports CER = edit distance / reference letters over all ayahs.
Variants: per-ayah mean normalization (as in training), whole-recording normalization (as at inference),
fixed tempo stretches and a per-recording tempo chosen by the model's own confidence (no reference used).
"""
import argparse
import json
import pathlib
import sys

import numpy as np
import torch

import checkpoint
import ctc_text
import data
import features

DEV_DIR = pathlib.Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "dev"
TEMPOS = (0.8, 0.9, 1.0, 1.1, 1.25)


def dev_segments(dev_dir: pathlib.Path, labels: dict, only: tuple = ()) -> list:
    """[(item_id, recording raw log-mel [80, T], [(key, startFrame, endFrame, ref)])] with unique ayahs."""
    manifest = json.loads((dev_dir / "manifest.json").read_text())
    seen, out = set(), []
    for item in manifest["items"]:
        if only and item["id"] not in only:
            continue
        expected = item.get("expected") or []
        if item.get("cut_off_end"):
            expected = expected[:-1]
        segs = []
        for e in expected:
            key = (1, 1) if e["ayah"] == 0 else (e["surah"], e["ayah"])
            if key in seen:
                continue
            seen.add(key)
            segs.append((key, int(round(e["start"] * 100)), int(round(e["end"] * 100)), labels[key]))
        if segs:
            pcm = features.decode_mp3((dev_dir / item["audio"]).read_bytes())
            out.append((item["id"], features.log_mel(torch.from_numpy(pcm.copy())), segs))
    return out


@torch.no_grad()
def log_probs(net, x: torch.Tensor) -> np.ndarray:
    return net(x[None])[0].numpy()


def score(hyps: list) -> float:
    errors = sum(ctc_text.edit_distance(h, r) for h, r in hyps)
    return errors / max(1, sum(len(r) for _, r in hyps))


def confidences(lp: np.ndarray) -> tuple:
    """(sum of frame max log-prob, frames, same over frames whose best symbol is not blank, their count)."""
    best = lp.max(axis=-1)
    speech = lp.argmax(axis=-1) != 0
    return float(best.sum()), best.size, float(best[speech].sum()), int(speech.sum())


def decode_at_tempos(net, alphabet: list, feats: torch.Tensor, segs: list) -> dict:
    """tempo -> (hyps [(hyp, ref)], mean max log-prob over all frames, same over non-blank frames)."""
    out = {}
    for t in TEMPOS:
        hyps, conf = [], np.zeros(4)
        for _, s, e, ref in segs:
            seg = feats[:, s:e] if t == 1.0 else data.stretch_time(feats[:, s:e], t)
            lp = log_probs(net, features.mean_normalize(seg))
            hyps.append((ctc_text.greedy_decode(lp, alphabet), ref))
            conf += confidences(lp)
        out[t] = (hyps, conf[0] / max(conf[1], 1), conf[2] / max(conf[3], 1))
    return out


def evaluate(net, alphabet: list, recordings: list) -> dict:
    """CER per variant; the adaptive tempos pick, per recording, the tempo the model is most confident at."""
    results = {"per_ayah_norm": [], "whole_norm": [], "tempo_adaptive_all": [], "tempo_adaptive_speech": []}
    results.update({"tempo_%.2f" % t: [] for t in TEMPOS})
    chosen = {}
    for item_id, feats, segs in recordings:
        per_tempo = decode_at_tempos(net, alphabet, feats, segs)
        for t, (hyps, _, _) in per_tempo.items():
            results["tempo_%.2f" % t] += hyps
        t_all = max(TEMPOS, key=lambda t: per_tempo[t][1])
        t_speech = max(TEMPOS, key=lambda t: per_tempo[t][2])
        chosen[item_id] = {"all_frames": t_all, "speech_frames": t_speech}
        results["tempo_adaptive_all"] += per_tempo[t_all][0]
        results["tempo_adaptive_speech"] += per_tempo[t_speech][0]
        results["per_ayah_norm"] += per_tempo[1.0][0]
        whole = features.mean_normalize(feats)
        for _, s, e, ref in segs:
            results["whole_norm"].append((ctc_text.greedy_decode(log_probs(net, whole[:, s:e]), alphabet), ref))
    summary = {k: round(score(v), 4) for k, v in results.items()}
    summary["ayahs"] = len(results["per_ayah_norm"])
    summary["reference_letters"] = sum(len(r) for _, r in results["per_ayah_norm"])
    summary["adaptive_tempo_chosen"] = chosen
    summary["examples"] = [{"hyp": h, "ref": r} for h, r in results["per_ayah_norm"][:6]]
    return summary


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--out")
    ap.add_argument("--dev-dir", default=str(DEV_DIR))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--items", nargs="*", default=(), help="only these manifest item ids (quick checks)")
    ap.add_argument("--live", action="store_true",
                    help="a training checkpoint's live weights (its EMA has stale BatchNorm statistics mid-run)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    net, meta, state = checkpoint.load_model(args.ckpt, use_ema=not args.live)
    recordings = dev_segments(pathlib.Path(args.dev_dir), ctc_text.ayah_labels(), tuple(args.items))
    summary = evaluate(net, meta["alphabet"], recordings)
    summary["checkpoint_state"] = state
    text = json.dumps(summary, ensure_ascii=False, indent=1)
    if args.out:
        pathlib.Path(args.out).write_text(text + "\n")
    sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
