"""logmel80-v1 features (spelled out in the card models/quran-ctc-v1.json, "features") and the per-reciter feature cache.

  --dump PCM.f32 OUT.(json|npy) [--raw]    features of raw float32 PCM (16 kHz mono); mean-normalized unless --raw
  extract --repo GITDIR --out CACHE.npz    decode every audio/SSSAAA.mp3 blob of a bare git repo with ffmpeg
                                           and cache un-normalized log-mel as float16 [frames, 80] + offsets
"""
import argparse
import json
import pathlib
import subprocess
import sys
import time

import numpy as np
import torch
import torchaudio

SAMPLE_RATE_HZ = 16000
WINDOW_SAMPLES = 400
HOP_SAMPLES = 160
N_FFT = 512
N_MELS = 80
LOG_FLOOR = 1e-10

_WINDOW = 0.5 - 0.5 * torch.cos(2 * torch.pi * torch.arange(WINDOW_SAMPLES, dtype=torch.float64) / WINDOW_SAMPLES)
_FBANK = torchaudio.functional.melscale_fbanks(
    n_freqs=N_FFT // 2 + 1, f_min=0.0, f_max=8000.0, n_mels=N_MELS, sample_rate=SAMPLE_RATE_HZ,
    norm=None, mel_scale="htk").to(torch.float64)  # [257, 80]


def num_frames(num_samples: int) -> int:
    return 0 if num_samples < WINDOW_SAMPLES else (num_samples - WINDOW_SAMPLES) // HOP_SAMPLES + 1


def log_mel(pcm: torch.Tensor) -> torch.Tensor:
    """float32 PCM [N] -> un-normalized log-mel [80, frames] (float32; computed in float64 for parity)."""
    n = num_frames(pcm.numel())
    if n == 0:
        return torch.zeros(N_MELS, 0)
    frames = pcm.to(torch.float64)[: (n - 1) * HOP_SAMPLES + WINDOW_SAMPLES].unfold(0, WINDOW_SAMPLES, HOP_SAMPLES)
    spec = torch.fft.rfft(frames * _WINDOW, n=N_FFT)
    power = spec.real ** 2 + spec.imag ** 2  # [frames, 257]
    mel = power @ _FBANK
    return torch.log(torch.clamp(mel, min=LOG_FLOOR)).T.to(torch.float32).contiguous()


def mean_normalize(feats: torch.Tensor) -> torch.Tensor:
    """Subtract the per-channel mean over all frames of the recording ([80, frames])."""
    if feats.shape[-1] == 0:
        return feats
    return feats - feats.mean(dim=-1, keepdim=True)


def decode_mp3(data: bytes) -> np.ndarray:
    out = subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", "-", "-ac", "1", "-ar", str(SAMPLE_RATE_HZ), "-f", "f32le", "-"],
        input=data, stdout=subprocess.PIPE, check=True)
    return np.frombuffer(out.stdout, dtype=np.float32)


class BlobReader:
    """Reads files from a bare git repository through one long-lived `git cat-file --batch`."""

    def __init__(self, git_dir: str):
        self.proc = subprocess.Popen(["git", "-C", git_dir, "cat-file", "--batch"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def read(self, path: str) -> bytes:
        self.proc.stdin.write(("HEAD:%s\n" % path).encode())
        self.proc.stdin.flush()
        header = self.proc.stdout.readline().decode().split()
        if len(header) < 3 or header[1] != "blob":
            raise FileNotFoundError(path)
        data = self.proc.stdout.read(int(header[2]))
        self.proc.stdout.read(1)
        return data


def list_audio(git_dir: str) -> list:
    out = subprocess.run(["git", "-C", git_dir, "ls-tree", "--name-only", "HEAD", "audio/"],
                         stdout=subprocess.PIPE, check=True, text=True).stdout.split()
    return sorted(p for p in out if p.endswith(".mp3"))


def save_cache(out_path: str, chunks: list, keys: list, offsets: list, audio_seconds: float) -> None:
    """Writes the feature cache that data.py loads (utterances concatenated, with their keys and frame offsets)."""
    # a fresh clone has no training/cache/: create it here, not after minutes of decoding have been lost
    pathlib.Path(out_path).parent.mkdir(parents=True, exist_ok=True)
    np.savez(out_path, feats=np.concatenate(chunks), keys=np.array(keys, dtype=np.int32),
             offsets=np.array(offsets, dtype=np.int64), audio_seconds=np.float64(audio_seconds))


def extract(git_dir: str, out_path: str, limit: int = 0) -> None:
    torch.set_num_threads(1)
    paths = list_audio(git_dir)
    if limit and limit < len(paths):
        # evenly spread indices: a stride of len // limit would take every file whenever limit > len / 2
        paths = [paths[int(i * len(paths) / limit)] for i in range(limit)]
    reader = BlobReader(git_dir)
    chunks, keys, offsets, total, audio_s, t0 = [], [], [0], 0, 0.0, time.time()
    for i, path in enumerate(paths):
        pcm = decode_mp3(reader.read(path))
        audio_s += len(pcm) / SAMPLE_RATE_HZ
        feats = log_mel(torch.from_numpy(pcm.copy())).T.numpy().astype(np.float16)
        chunks.append(feats)
        total += feats.shape[0]
        offsets.append(total)
        keys.append(int(pathlib.Path(path).stem))
        if i % 200 == 0:
            wall = time.time() - t0
            print("%d/%d %.1f h audio, %.0fx realtime" % (i, len(paths), audio_s / 3600, audio_s / max(wall, 1e-6)),
                  flush=True)
    save_cache(out_path, chunks, keys, offsets, audio_s)
    print("done %s: %d files, %.2f h audio, %.0f s wall" % (out_path, len(keys), audio_s / 3600, time.time() - t0))


def dump(pcm_path: str, out_path: str, raw: bool) -> None:
    pcm = torch.from_numpy(np.fromfile(pcm_path, dtype=np.float32))
    feats = log_mel(pcm)
    if not raw:
        feats = mean_normalize(feats)
    if out_path.endswith(".npy"):
        np.save(out_path, feats.numpy())
    else:
        pathlib.Path(out_path).write_text(json.dumps({"name": "logmel80-v1", "normalized": not raw,
                                                      "shape": list(feats.shape), "features": feats.tolist()}))


def main(argv: list) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", nargs="?", choices=["extract"])
    ap.add_argument("--dump", nargs=2, metavar=("PCM_F32", "OUT"))
    ap.add_argument("--raw", action="store_true", help="with --dump: skip mean normalization")
    ap.add_argument("--repo")
    ap.add_argument("--out")
    ap.add_argument("--limit", type=int, default=0, help="extract: only this many evenly spread files")
    args = ap.parse_args(argv)
    if args.dump:
        dump(args.dump[0], args.dump[1], args.raw)
    elif args.cmd == "extract":
        extract(args.repo, args.out, args.limit)
    else:
        ap.error("nothing to do")


if __name__ == "__main__":
    main(sys.argv[1:])
