"""Train the CTC letter model on cached log-mel (see README.md).

/usr/bin/python3 training/train.py --caches training/cache/A.npz training/cache/B.npz --run training/runs/v1 \
    --target-hours 360 --max-minutes 75 [--resume]
The learning-rate schedule follows progress = max(audio hours seen / target, wall minutes / max minutes).
"""
import argparse
import copy
import json
import math
import pathlib
import random
import time

import numpy as np
import torch

import ctc_text
import data
import model as model_lib
import text_rules


def lr_at(progress: float, peak: float, warmup: float = 0.04) -> float:
    if progress < warmup:
        return peak * progress / warmup
    p = min(1.0, (progress - warmup) / (1 - warmup))
    return peak * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * p)))


@torch.no_grad()
def heldout_cer(net, caches, utts, alphabet, max_items: int = 80) -> float:
    """Greedy CER over held-out ayahs (un-augmented, mean-normalized), in eval mode."""
    net.eval()
    errors = total = 0
    for u in utts[:max_items]:
        x = data.features.mean_normalize(data.raw_features(caches, u))[None]
        hyp = ctc_text.greedy_decode(net(x)[0].numpy(), alphabet)
        ref = "".join(alphabet[i] for i in u.label)
        errors += ctc_text.edit_distance(hyp, ref)
        total += len(ref)
    net.train()
    return errors / max(total, 1)


def save_checkpoint(path: pathlib.Path, state: dict) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save(state, tmp)
    tmp.replace(path)


def ema_update(ema, net, decay: float) -> None:
    with torch.no_grad():
        for pe, p in zip(ema.parameters(), net.parameters()):
            pe.lerp_(p, 1 - decay)
        for be, b in zip(ema.buffers(), net.buffers()):
            be.copy_(b)


def step(net, opt, caches, batch, cfg, rng) -> tuple:
    feats = [data.augment(data.raw_features(caches, u), tempo, cfg, rng) for u, tempo in batch]
    x, lengths = data.collate(feats)
    targets = torch.tensor([s for u, _ in batch for s in u.label])
    target_lengths = torch.tensor([len(u.label) for u, _ in batch])
    log_probs = net(x)
    out_lengths = model_lib.out_frames_tensor(lengths)
    loss = torch.nn.functional.ctc_loss(log_probs.transpose(0, 1), targets, out_lengths, target_lengths,
                                        blank=0, reduction="mean", zero_infinity=True)
    opt.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
    opt.step()
    return float(loss), sum(u.frames for u, _ in batch) / 100.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--caches", nargs="+", required=True, help="CACHE.npz or CACHE.npz:WEIGHT (oversampling)")
    ap.add_argument("--run", required=True)
    ap.add_argument("--target-hours", type=float, default=360.0, help="audio hours (before tempo change) to train on")
    ap.add_argument("--max-minutes", type=float, default=75.0)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--batch-frames", type=int, default=30000)
    ap.add_argument("--max-utt-seconds", type=float, default=40.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--augment", choices=sorted(data.augment_profiles()), default="default",
                    help="augmentation profile (data.augment_profiles): default, or v2 as the shipped v2 trained")
    ap.add_argument("--init", help="start from these weights (a final.pt or checkpoint.pt) with a fresh schedule")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    run = pathlib.Path(args.run)
    run.mkdir(parents=True, exist_ok=True)
    alphabet = ctc_text.build_alphabet(text_rules.load_rules())
    caches, weights = data.load_caches(args.caches)
    train, held, skipped = data.build_utterances(caches, ctc_text.ayah_labels(), lambda t: ctc_text.encode(t, alphabet),
                                                 int(args.max_utt_seconds * 100), weights)
    train_hours = sum(u.frames for u in train) / 360000
    print("train %d utts %.1f h, held-out %d, skipped %d long" % (len(train), train_hours, len(held), skipped), flush=True)
    held_sample = [u for u in held if u.frames <= 3000][::2]
    net = model_lib.LetterCtcModel(len(alphabet))
    ema = copy.deepcopy(net)
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=1e-3)
    cfg = data.augment_profiles()[args.augment]
    state = {"hours_seen": 0.0, "minutes": 0.0, "step": 0, "epoch": 0}
    ckpt = run / "checkpoint.pt"
    if args.init and not (args.resume and ckpt.exists()):
        saved = torch.load(args.init)
        weights = saved["model"] if "model" in saved else saved["ema"]  # final.pt holds the chosen weights as "ema"
        net.load_state_dict(weights); ema.load_state_dict(weights)
        print("initialized from", args.init, flush=True)
    if args.resume and ckpt.exists():
        saved = torch.load(ckpt)
        net.load_state_dict(saved["model"]); ema.load_state_dict(saved["ema"]); opt.load_state_dict(saved["opt"])
        state = saved["state"]
        rng.seed(args.seed + state["step"])
        print("resumed at", state, flush=True)
    meta = {"alphabet": alphabet, "kernels": list(net.kernels), "train_utterances": len(train),
            "augmentation": data.describe(cfg), "init": args.init,
            "train_hours": train_hours, "heldout_utterances": len(held), "skipped_long": skipped, "args": vars(args)}
    (run / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1))
    t_start, last_ckpt, last_eval, losses = time.time() - state["minutes"] * 60, time.time(), time.time(), []
    done = False
    while not done:
        for batch in data.make_batches(train, args.batch_frames, cfg, rng):
            progress = max(state["hours_seen"] / args.target_hours, state["minutes"] / args.max_minutes)
            if progress >= 1:
                done = True
                break
            for g in opt.param_groups:
                g["lr"] = lr_at(progress, args.lr)
            loss, seconds = step(net, opt, caches, batch, cfg, rng)
            ema_update(ema, net, 0.999 if state["step"] > 500 else 0.9)
            losses.append(loss)
            state["step"] += 1
            state["hours_seen"] += seconds / 3600
            state["minutes"] = (time.time() - t_start) / 60
            if state["step"] % 50 == 0:
                print("step %d ep %d %.1f h %.1f min lr %.2e loss %.3f (%.0fx rt)" % (
                    state["step"], state["epoch"], state["hours_seen"], state["minutes"], opt.param_groups[0]["lr"],
                    float(np.mean(losses[-50:])), state["hours_seen"] * 60 / max(state["minutes"], 1e-6)), flush=True)
            if time.time() - last_eval > 600:
                print("heldout CER (ema) %.4f" % heldout_cer(ema, caches, held_sample, alphabet), flush=True)
                last_eval = time.time()
            if time.time() - last_ckpt > 180:
                save_checkpoint(ckpt, {"model": net.state_dict(), "ema": ema.state_dict(), "opt": opt.state_dict(),
                                       "state": state, "meta": meta})
                last_ckpt = time.time()
        else:
            state["epoch"] += 1
    save_checkpoint(ckpt, {"model": net.state_dict(), "ema": ema.state_dict(), "opt": opt.state_dict(),
                           "state": state, "meta": meta})
    cer = heldout_cer(ema, caches, held, alphabet, max_items=len(held))
    state["heldout_cer"] = cer
    save_checkpoint(ckpt, {"model": net.state_dict(), "ema": ema.state_dict(), "opt": opt.state_dict(),
                           "state": state, "meta": meta})
    print("final heldout CER (ema, all %d held-out ayahs) %.4f; state %s" % (len(held), cer, state), flush=True)


if __name__ == "__main__":
    main()
