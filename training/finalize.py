"""Pick the weights to ship from a training run, judged on held-out ayahs of the training reciters only.

/usr/bin/python3 training/finalize.py --run training/runs/v1 --caches training/cache/A.npz training/cache/B.npz
Candidates: the live weights, the EMA weights, and the EMA weights with BatchNorm statistics recomputed on
training batches (averaged weights do not match the live running statistics). Writes RUN/final.pt (same layout
as checkpoint.pt, chosen weights under "ema") and RUN/finalize.json. Never looks at the validation reciter.
"""
import argparse
import copy
import json
import pathlib
import random

import torch

import ctc_text
import data
import model as model_lib
import train


@torch.no_grad()
def recalibrate_bn(net, caches, utts, batches: int, batch_frames: int, seed: int = 0):
    """Recompute BN running stats with cumulative averaging over un-augmented training batches."""
    net = copy.deepcopy(net)
    for m in net.modules():
        if isinstance(m, torch.nn.BatchNorm1d):
            m.reset_running_stats()
            m.momentum = None
    net.train()
    rng = random.Random(seed)
    cfg = data.AugmentConfig(tempo_min=1.0, tempo_max=1.0)
    for batch in data.make_batches(rng.sample(utts, 3000), batch_frames, cfg, rng)[:batches]:
        x, _ = data.collate([data.features.mean_normalize(data.raw_features(caches, u)) for u, _ in batch])
        net(x)
    net.eval()
    return net


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--caches", nargs="+", required=True)
    ap.add_argument("--bn-batches", type=int, default=30)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    run = pathlib.Path(args.run)
    saved = torch.load(run / "checkpoint.pt", map_location="cpu")
    meta = saved["meta"]
    alphabet = meta["alphabet"]
    caches, _ = data.load_caches(args.caches)
    train_utts, held, _ = data.build_utterances(caches, ctc_text.ayah_labels(),
                                                lambda t: ctc_text.encode(t, alphabet), 12000)
    nets = {}
    for key in ("model", "ema"):
        net = model_lib.LetterCtcModel(len(alphabet), kernels=tuple(meta["kernels"]))
        net.load_state_dict(saved[key])
        nets[key] = net.eval()
    nets["ema_bn_recalibrated"] = recalibrate_bn(nets["ema"], caches, train_utts, args.bn_batches, 30000)
    cers = {k: round(train.heldout_cer(n, caches, held, alphabet, max_items=len(held)), 4) for k, n in nets.items()}
    best = min(cers, key=cers.get)
    per_cache = {pathlib.Path(data.parse_cache_arg(a)[0]).stem: round(train.heldout_cer(
        nets[best], caches, [u for u in held if u.reciter == r], alphabet, max_items=len(held)), 4)
        for r, a in enumerate(args.caches)}
    print(json.dumps({"heldout_cer": cers, "chosen": best, "per_cache": per_cache}), flush=True)
    state = dict(saved["state"], heldout_cer=cers[best], weights=best)
    torch.save({"ema": nets[best].state_dict(), "state": state, "meta": meta}, run / "final.pt")
    (run / "finalize.json").write_text(json.dumps({"heldout_cer": cers, "chosen": best, "heldout_ayahs": len(held),
                                                   "heldout_cer_per_cache": per_cache}, indent=1) + "\n")


if __name__ == "__main__":
    main()
