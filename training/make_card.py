"""Writes the model card models/quran-ctc-v1.json from measured artefacts only.

/usr/bin/python3 training/make_card.py --run training/runs/v1 --onnx models/quran-ctc-v1.onnx
Reads RUN/final.pt (finalize.py: chosen weights, training state + meta), RUN/dev.json (eval_dev.py) and RUN/export.json (export_onnx.py).
--ts-cer NAME=LOG (repeatable): per-voice CER through the TS runtime, parsed from `scripts/evalModelCer.ts` output
(e.g. dev=training/runs/v3-dev-cer.log zyad-sadaka=training/runs/v3-heldout-cer.log). With --ts-cer-only the
existing card is kept and only that field is (re)written (the figures of a model already shipped).
"""
import re
import argparse
import json
import pathlib

import numpy as np
import torch

import data
import features
import model as model_lib

REPO = pathlib.Path(__file__).resolve().parent.parent

FEATURES = {
    "name": "logmel80-v1", "sample_rate_hz": features.SAMPLE_RATE_HZ, "window_samples": features.WINDOW_SAMPLES,
    "hop_samples": features.HOP_SAMPLES, "n_fft": features.N_FFT, "window": "periodic hann, zero-padded at the end",
    "center": False, "num_frames": "floor((N - 400) / 160) + 1, 0 if N < 400", "power": 2, "n_mels": features.N_MELS,
    "f_min_hz": 0.0, "f_max_hz": 8000.0, "mel_scale": "htk", "mel_norm": None, "log": "ln(max(mel, 1e-10))",
    "normalization": "per recording: subtract the per-channel mean over all frames (no variance scaling)",
}

SET_DESCRIPTIONS = {
    "ibrahim-alakhdar-2": "quranstatic/ibrahim-alakhdar-2 (per-ayah mp3, 22 kHz)",
    "ahmed-allhdan-1": "quranstatic/ahmed-allhdan-1 (per-ayah mp3, 11 kHz narrowband)",
    "kep-qasm": "kep-sticker/myquran qasm/ (whole surahs), pseudo-labelled",
    "kep-mzroyee": "kep-sticker/myquran mzroyee/ (whole surahs), pseudo-labelled",
    "kep-root": "kep-sticker/myquran top level (whole surahs), pseudo-labelled",
    "ebrima": "Ebrimakah/quran-recitation-site (whole surahs), pseudo-labelled",
    "fahadin": "Fahadin/quran audio/ (whole surahs), pseudo-labelled",
    "shihab": "ShihabGV/ShihabGV (whole surahs), pseudo-labelled",
    "abdulla": "abdullaahmedovich242-cmyk/qoran.github.io (whole surahs), pseudo-labelled",
    "noisy": "abderahmanrahmoun/quran-audio-apii (whole surahs, noisy), pseudo-labelled",
    "wahby": "HassanAliAbdelhamed/Wahby (whole surahs, reverberant), pseudo-labelled",
    "ajitiok": "ajitiok/quran30Player (whole surahs), pseudo-labelled",
    "ahmadqadir": "AHMAD-TECHNOLOGY/QARI-AHMAD-ABDUL-QADIR- (whole surahs), pseudo-labelled",
    "sudais-shuraim": "kalamkhankasa/Quran-Surah (Sudais and Shuraim, whole surahs, 16 kHz 32 kb/s), pseudo-labelled",
    "altammar": "alkarartech/quran-audio (Maytham Al-Tammar, whole surahs, 11 kHz), pseudo-labelled",
    "alamaal-pages": "Alamaal/quran (one file per mushaf page, 11 kHz), pseudo-labelled",
}
PSEUDO_LABEL_NOTE = ("whole recordings cut into ayahs by this service's recognizer (scripts/pseudoLabel.ts, the previous model) "
                     "and training/pseudo_segments.py: kept ayahs aligned with confidence >= 0.2 (pages 0.35, the voices added in v3 0.3), neighbours "
                     ">= 0.1, not cut off, heard once, plausible speaking rate")

WEIGHTS = {"model": "live training weights at the end of the run (best held-out CER)",
           "ema": "EMA (decay 0.999) of the training weights (best held-out CER)",
           "ema_bn_recalibrated": "EMA weights with BatchNorm statistics recomputed (best held-out CER)"}


TS_CER_LINE = re.compile(r"ALL tempo 1: whole-recording CER ([\d.]+) %, per-ayah CER ([\d.]+) % \((\d+) letters\)")
AYAH_AUDIO_LINE = re.compile(r"AYAH-AUDIO per-ayah CER ([\d.]+) %")
VOICES = {"dev": "validation reciter Emad Al-Mansary (../shared/eval/dev), never trained on",
          "zyad-sadaka": "held-out voice zyadabdelftah/sadaka (training/heldout_manifest.py; ayah times pseudo-labelled"
                         " by the v2 model), never trained on"}


def ts_cer_of_log(text: str) -> dict:
    """evalModelCer.ts output -> {per_ayah, whole_recording, letters[, per_ayah_audio]} (fractions)."""
    match = TS_CER_LINE.search(text)
    if not match:
        raise ValueError("no 'ALL tempo 1' line")
    out = {"per_ayah": round(float(match[2]) / 100, 4), "whole_recording": round(float(match[1]) / 100, 4),
           "letters": int(match[3])}
    ayah_audio = AYAH_AUDIO_LINE.search(text)
    if ayah_audio:  # --ayah-audio: the model run on each ayah's audio alone
        out["per_ayah_audio"] = round(float(ayah_audio[1]) / 100, 4)
    return out


def ts_cer(specs: list) -> dict:
    """NAME=LOG pairs -> {NAME: {per_ayah, whole_recording, letters[, per_ayah_audio], voice, measured_with}}."""
    out = {}
    for spec in specs:
        name, _, log = spec.partition("=")
        text = pathlib.Path(log).read_text(encoding="utf-8")
        try:
            figures = ts_cer_of_log(text)
        except ValueError as error:
            raise ValueError("%s in %s" % (error, log)) from None
        flags = " --ayah-audio" if "per_ayah_audio" in figures else ""
        out[name] = dict(figures, voice=VOICES.get(name, name),
                         measured_with="node --import tsx scripts/evalModelCer.ts DIR --card CARD" + flags)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", help="the training run (required unless --ts-cer-only)")
    ap.add_argument("--onnx", default=str(REPO / "models" / "quran-ctc-v1.onnx"))
    ap.add_argument("--out", default=str(REPO / "models" / "quran-ctc-v1.json"))
    ap.add_argument("--schedule-note", default="", help="how the run was invoked (e.g. resumed with a longer budget)")
    ap.add_argument("--fine-tuned-from", default="", help="note: the run that gave the initial weights (train.py --init)")
    ap.add_argument("--ts-cer", nargs="*", default=[], metavar="NAME=LOG")
    ap.add_argument("--ts-cer-only", action="store_true")
    args = ap.parse_args()
    if args.ts_cer_only:
        card = json.loads(pathlib.Path(args.out).read_text(encoding="utf-8"))
        card["per_voice_cer_ts_runtime"] = ts_cer(args.ts_cer)
        pathlib.Path(args.out).write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print("updated", args.out)
        return
    run = pathlib.Path(args.run)
    saved = torch.load(run / "final.pt", map_location="cpu")
    finalize = json.loads((run / "finalize.json").read_text())
    meta, state = saved["meta"], saved["state"]
    cache_args = meta["args"]["caches"]
    cache_paths = [REPO / data.parse_cache_arg(c)[0] for c in cache_args]
    dev = json.loads((run / "dev.json").read_text())
    export = json.loads((run / "export.json").read_text())
    params = sum(v.numel() for k, v in saved["ema"].items() if not k.endswith(("running_mean", "running_var",
                                                                                 "num_batches_tracked")))
    card = {
        "name": "quran-ctc-v1",
        "alphabet": meta["alphabet"],
        "features": FEATURES,
        "output_frame_seconds": 0.04,
        "out_frames_formula": "ceil(ceil(frames / 2) / 2)",
        "receptive_field_frames": model_lib.receptive_field_frames(tuple(meta["kernels"])),
        # Measured effective field: with 256 context frames per chunk side the runtime's chunked outputs equal the
        # whole-sequence ones within float noise (test/modelChunkContext.test.ts checks it for the shipped model).
        "chunk_context_frames": 256,
        "text_rules": "quran-text-rules.json",
        "onnx": {"file": pathlib.Path(args.onnx).name, "opset": 13, "input": "features [batch, 80, frames]",
                 "output": "log_probs [batch, outFrames, vocab]", "precision": "fp32", **export},
        "architecture": {"stem": "2 x Conv1d(k=5, stride 2) 80->256->384 + BN + ReLU",
                         "blocks": "residual depthwise-separable Conv1d + BN + ReLU, kernels %s" % meta["kernels"],
                         "head": "Conv1d 1x1 -> log_softmax", "weights": WEIGHTS[finalize["chosen"]]},
        "parameters": params,
        "training_data": {
            "sets": [SET_DESCRIPTIONS.get(p.stem, p.stem) for p in cache_paths],
            "cache_weights": cache_args,
            "hours_per_set": {p.stem: round(float(np.load(p)["audio_seconds"]) / 3600, 2) for p in cache_paths},
            "pseudo_labelling": PSEUDO_LABEL_NOTE if any("pseudo" in SET_DESCRIPTIONS.get(p.stem, "") for p in cache_paths) else None,
            "hours_decoded": round(sum(float(np.load(p)["audio_seconds"]) for p in cache_paths) / 3600, 2),
            "hours_trained": round(meta["train_hours"], 2),
            "ayahs_trained": meta["train_utterances"], "ayahs_heldout": meta["heldout_utterances"],
            "heldout_rule": "every 40th ayah by sorted key within each set (never trained on)",
            "skipped_longer_than_seconds": meta["args"]["max_utt_seconds"], "skipped_long": meta["skipped_long"],
        },
        "training": {"audio_hours_processed": round(state["hours_seen"], 1), "steps": state["step"],
                     "wall_minutes": round(state["minutes"], 1), "cpu": "2 shared CPU cores, torch CPU",
                     "augmentation": meta.get("augmentation", "tempo 0.7-1.6x (feature time axis), mel warp +-8%,"
                                     " power-domain reverb tail, narrowband simulation, SpecAugment (2 freq masks,"
                                     " ~12% time masked)"),
                     "optimizer": "AdamW peak lr %g, warmup 4%%, cosine to 2%%, CTC loss, grad clip 5" % meta["args"]["lr"],
                     "last_invocation_args": meta["args"], "schedule_note": args.schedule_note,
                     "fine_tuned_from": args.fine_tuned_from or None},
        "epochs": round(state["hours_seen"] / meta["train_hours"], 2),
        "unseen_reciter_cer": dev["per_ayah_norm"],
        "unseen_reciter_cer_details": {k: v for k, v in dev.items() if k not in ("examples", "checkpoint_state")},
        "unseen_reciter": "Emad Al-Mansary (/work/shared/eval/dev), never trained on",
        "heldout_cer": round(state["heldout_cer"], 4),
        "heldout_cer_candidates": finalize["heldout_cer"],
        "heldout_cer_per_set": finalize.get("heldout_cer_per_cache"),
        "per_voice_cer_ts_runtime": ts_cer(args.ts_cer),
        "validation_reciter_trained_on": False,
        "measured_with": {"unseen_reciter_cer": "training/eval_dev.py --ckpt %s/final.pt" % run,
                          "heldout_cer": "training/finalize.py (all %d held-out ayahs)" % finalize["heldout_ayahs"]},
    }
    pathlib.Path(args.out).write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print("wrote", args.out)


if __name__ == "__main__":
    main()
