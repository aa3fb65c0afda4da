"""Where a training step's time goes: augmentation (per utterance, in Python), collate, forward, backward + optimizer.

/usr/bin/python3 training/profile_step.py --caches training/cache/A.npz [...] [--steps 20] [--augment default|v2|none]
    [--dropout P]

Batches are made as train.py makes them (same frame budget, tempo range, utterance cap). --augment picks the
augmentation: `default` (data.AugmentConfig, what train.py uses), `v2` (what the shipped v2 trained with: tempo
0.7-1.6, warp +-8 %, no noise floor), `none` (tempo only). Prints seconds per phase per step and the audio
realtime factor (audio before the tempo change, as train.py counts it). Nothing is saved; the weights are random
unless --init is given (the cost of a step does not depend on them). --dropout P sets the blocks' dropout (the
model's is 0.1; 0 replaces the modules by identities), to measure what dropout itself costs.
"""
import argparse
import random
import time

import torch

import ctc_text
import data
import model as model_lib
import text_rules

AUGMENTS = data.augment_profiles()


def timed_step(net, opt, caches, batch, cfg, rng) -> dict:
    t0 = time.perf_counter()
    feats = [data.augment(data.raw_features(caches, u), tempo, cfg, rng) for u, tempo in batch]
    t1 = time.perf_counter()
    x, lengths = data.collate(feats)
    targets = torch.tensor([s for u, _ in batch for s in u.label])
    target_lengths = torch.tensor([len(u.label) for u, _ in batch])
    t2 = time.perf_counter()
    log_probs = net(x)
    out_lengths = model_lib.out_frames_tensor(lengths)
    loss = torch.nn.functional.ctc_loss(log_probs.transpose(0, 1), targets, out_lengths, target_lengths,
                                        blank=0, reduction="mean", zero_infinity=True)
    t3 = time.perf_counter()
    opt.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
    opt.step()
    t4 = time.perf_counter()
    return {"augment": t1 - t0, "collate": t2 - t1, "forward": t3 - t2, "backward": t4 - t3,
            "audio_s": sum(u.frames for u, _ in batch) / 100.0, "utts": len(batch), "padded_frames": int(x.shape[0] * x.shape[2])}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--caches", nargs="+", required=True)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup-steps", type=int, default=2, help="steps run first and not counted")
    ap.add_argument("--augment", choices=sorted(AUGMENTS), default="default")
    ap.add_argument("--batch-frames", type=int, default=30000)
    ap.add_argument("--max-utt-seconds", type=float, default=40.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--init")
    ap.add_argument("--dropout", type=float, help="the blocks' dropout probability (default: the model's)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    rng = random.Random(1)
    alphabet = ctc_text.build_alphabet(text_rules.load_rules())
    caches, weights = data.load_caches(args.caches)
    train, _, _ = data.build_utterances(caches, ctc_text.ayah_labels(), lambda t: ctc_text.encode(t, alphabet),
                                        int(args.max_utt_seconds * 100), weights)
    net = model_lib.LetterCtcModel(len(alphabet))
    if args.init:
        saved = torch.load(args.init)
        net.load_state_dict(saved["model"] if "model" in saved else saved["ema"])
    if args.dropout is not None:
        for block in net.blocks:
            block.drop = torch.nn.Dropout(args.dropout) if args.dropout > 0 else torch.nn.Identity()
    opt = torch.optim.AdamW(net.parameters(), lr=1e-4)
    cfg = AUGMENTS[args.augment]
    batches = data.make_batches(train, args.batch_frames, cfg, rng)
    totals = {}
    counted = 0
    for i, batch in enumerate(batches[:args.warmup_steps + args.steps]):
        row = timed_step(net, opt, caches, batch, cfg, rng)
        if i < args.warmup_steps:
            continue
        counted += 1
        for key, value in row.items():
            totals[key] = totals.get(key, 0.0) + value
    wall = sum(totals[k] for k in ("augment", "collate", "forward", "backward"))
    per_step = {k: round(totals[k] / counted, 3) for k in ("augment", "collate", "forward", "backward")}
    print("augment=%s dropout=%s threads=%d steps=%d: per step %s s; %.1f utts, %.0f s audio, %.0f padded frames per step; %.0fx realtime"
          % (args.augment, "model's" if args.dropout is None else args.dropout, args.threads, counted, per_step, totals["utts"] / counted, totals["audio_s"] / counted,
             totals["padded_frames"] / counted, totals["audio_s"] / wall))


if __name__ == "__main__":
    main()
