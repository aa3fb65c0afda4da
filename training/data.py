"""Training data: cached log-mel per reciter, labels, hold-out split, augmentation and frame-budget batching."""
import math
import random
import dataclasses
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

import features

HOLDOUT_EVERY = 40          # every 40th ayah (global index 0..6235) of each training reciter is held out
LOG_FLOOR = math.log(features.LOG_FLOOR)


@dataclass(frozen=True)
class Utterance:
    reciter: int          # index into the list of caches
    start: int            # first frame in that cache's feature array
    frames: int
    surah: int
    ayah: int
    label: tuple          # symbol indices


@dataclass
class AugmentConfig:
    tempo_min: float = 0.6          # hadr (fast) voices are the weak spot: up to 1.8x
    tempo_max: float = 1.8
    warp_max: float = 0.12          # mel-axis warp (+-12 %): vocal-tract-length / pitch perturbation on log-mel
    narrowband_prob: float = 0.3
    reverb_prob: float = 0.4
    noise_prob: float = 0.3         # room / microphone noise floor
    noise_snr_db: tuple = (10.0, 40.0)
    freq_masks: int = 2
    freq_mask_bins: int = 12
    time_mask_ratio: float = 0.12   # share of frames covered by time masks (strong)
    time_mask_frames: int = 25


def augment_profiles() -> dict:
    """Named augmentations for train.py / profile_step.py --augment: `default` (AugmentConfig), `v2` (what the shipped
    v2 trained with: tempo 0.7-1.6x, warp +-8 %, no noise floor), `none` (tempo only)."""
    base = AugmentConfig()
    return {
        "default": base,
        "v2": dataclasses.replace(base, tempo_min=0.7, tempo_max=1.6, warp_max=0.08, noise_prob=0.0),
        "none": dataclasses.replace(base, warp_max=0.0, reverb_prob=0.0, noise_prob=0.0,
                                    narrowband_prob=0.0, freq_masks=0, time_mask_ratio=0.0),
    }


def load_cache(path: str) -> dict:
    with np.load(path) as z:
        return {k: z[k] for k in z.files}


def parse_cache_arg(arg: str) -> tuple:
    """"CACHE.npz" or "CACHE.npz:W" -> (path, integer weight W >= 1: its training ayahs are seen W times per pass)."""
    path, _, weight = arg.rpartition(":") if arg.rsplit(":", 1)[-1].isdigit() else (arg, "", "1")
    if int(weight) < 1:
        raise ValueError("cache weight must be >= 1: %s" % arg)
    return path, int(weight)


def load_caches(args: list) -> tuple:
    """--caches arguments -> (list of caches, list of weights)."""
    parsed = [parse_cache_arg(a) for a in args]
    return [load_cache(p) for p, _ in parsed], [w for _, w in parsed]


def global_ayah_index(keys: np.ndarray) -> dict:
    order = sorted(int(k) for k in keys)
    return {k: i for i, k in enumerate(order)}


def build_utterances(caches: list, labels: dict, encode, max_frames: int, weights: list = None):
    """Split every cache into (train, heldout) utterance lists; skips ayahs longer than max_frames.
    A cache of weight W contributes each of its training ayahs W times (oversampling a smaller set of new voices)."""
    train, held, skipped = [], [], 0
    for r, cache in enumerate(caches):
        gidx = global_ayah_index(cache["keys"])
        offsets = cache["offsets"]
        for i, key in enumerate(cache["keys"]):
            key = int(key)
            surah, ayah = key // 1000, key % 1000
            n = int(offsets[i + 1] - offsets[i])
            # ayah 0 = a surah's opening basmala (pseudo-labelled sets), whose words are those of 1:1
            text = labels[(1, 1)] if ayah == 0 else labels[(surah, ayah)]
            utt = Utterance(r, int(offsets[i]), n, surah, ayah, tuple(encode(text)))
            if gidx[key] % HOLDOUT_EVERY == HOLDOUT_EVERY - 1:
                held.append(utt)
            elif n <= max_frames:
                train.extend([utt] * (weights[r] if weights else 1))
            else:
                skipped += 1
    return train, held, skipped


def raw_features(caches: list, utt: Utterance) -> torch.Tensor:
    """Un-normalized log-mel [80, frames] as float32."""
    arr = caches[utt.reciter]["feats"][utt.start:utt.start + utt.frames]
    return torch.from_numpy(arr.astype(np.float32)).T.contiguous()


def stretch_time(x: torch.Tensor, tempo: float) -> torch.Tensor:
    """Tempo change without pitch change: resample the frame axis (tempo > 1 = faster = fewer frames)."""
    frames = max(8, int(round(x.shape[1] / tempo)))
    return F.interpolate(x[None], size=frames, mode="linear", align_corners=True)[0]


def warp_frequency(x: torch.Tensor, alpha: float) -> torch.Tensor:
    """Mel bin m takes the value of bin m*alpha (linear interpolation), clamped at the top."""
    n = x.shape[0]
    pos = torch.clamp(torch.arange(n, dtype=torch.float32) * alpha, 0, n - 1)
    lo = pos.floor().long()
    hi = torch.clamp(lo + 1, max=n - 1)
    w = (pos - lo.float())[:, None]
    return x[lo] * (1 - w) + x[hi] * w


def add_reverb(x: torch.Tensor, rng: random.Random) -> torch.Tensor:
    """Power-domain exponential tail along time (RT60 0.2-1.0 s), mixed at a random direct-to-reverb ratio."""
    rt60_s = rng.uniform(0.2, 1.0)
    taps = int(rt60_s * 100)
    decay = torch.exp(-6.9 * torch.arange(1, taps + 1, dtype=torch.float32) / taps)
    kernel = decay / decay.sum() * rng.uniform(0.1, 1.5)  # total tail energy relative to the direct sound
    power = torch.exp(x)
    padded = F.pad(power[:, None, :], (taps, 0))
    tail = F.conv1d(padded, kernel.flip(0)[None, None])[:, 0, :-1]
    return torch.log(torch.clamp(power + tail, min=features.LOG_FLOOR))


def band_limit(x: torch.Tensor, rng: random.Random) -> torch.Tensor:
    """Simulate narrowband audio: mel bins above a 3.4-5.5 kHz cutoff drop to near the log floor."""
    cutoff_hz = rng.uniform(3400, 5500)
    cutoff_mel = 2595 * math.log10(1 + cutoff_hz / 700)
    top_mel = 2595 * math.log10(1 + 8000 / 700)
    first_bin = int(cutoff_mel / top_mel * (x.shape[0] + 1))
    x = x.clone()
    x[first_bin:] = LOG_FLOOR + 3 * torch.rand_like(x[first_bin:])
    return x


def add_noise(x: torch.Tensor, snr_db: float, rng: random.Random) -> torch.Tensor:
    """Stationary coloured noise added in the power domain at `snr_db` below the mean speech power; its spectrum
    tilts by -6..+6 dB across the band (hum, hiss, room tone). A constant per-bin gain alone (a microphone's EQ)
    would be a no-op: the per-recording mean normalization removes it exactly."""
    n_mels = x.shape[0]
    power = torch.exp(x)
    tilt_db = rng.uniform(-6, 6) * torch.linspace(-1, 1, n_mels)
    level = power.mean() * 10 ** (-snr_db / 10) * 10 ** (tilt_db / 10)
    noise = level[:, None] * torch.distributions.Exponential(1.0).sample(x.shape)
    return torch.log(torch.clamp(power + noise, min=features.LOG_FLOOR))


def spec_augment(x: torch.Tensor, cfg: AugmentConfig, rng: random.Random) -> torch.Tensor:
    x = x.clone()
    n_mels, frames = x.shape
    for _ in range(cfg.freq_masks):
        w = rng.randint(0, cfg.freq_mask_bins)
        f0 = rng.randint(0, n_mels - w)
        x[f0:f0 + w] = 0
    n_masks = int(frames * cfg.time_mask_ratio / (cfg.time_mask_frames / 2))
    for _ in range(n_masks):
        w = rng.randint(0, cfg.time_mask_frames)
        t0 = rng.randint(0, max(0, frames - w))
        x[:, t0:t0 + w] = 0
    return x


def describe(cfg: AugmentConfig) -> str:
    """The augmentation as the model card states it."""
    return ("tempo %.1f-%.1fx (feature time axis), mel warp +-%d%% (VTLP / pitch), power-domain reverb tail (p %.1f),"
            " coloured noise floor at %d-%d dB SNR (p %.1f), narrowband simulation (p %.1f), SpecAugment (%d freq masks,"
            " ~%d%% time masked)" % (cfg.tempo_min, cfg.tempo_max, round(cfg.warp_max * 100), cfg.reverb_prob,
                                     cfg.noise_snr_db[0], cfg.noise_snr_db[1], cfg.noise_prob, cfg.narrowband_prob,
                                     cfg.freq_masks, round(cfg.time_mask_ratio * 100)))


def augment(x: torch.Tensor, tempo: float, cfg: AugmentConfig, rng: random.Random) -> torch.Tensor:
    """Raw log-mel -> augmented, mean-normalized log-mel (normalization as at inference)."""
    x = stretch_time(x, tempo)
    x = warp_frequency(x, 1 + rng.uniform(-cfg.warp_max, cfg.warp_max))
    if rng.random() < cfg.reverb_prob:
        x = add_reverb(x, rng)
    if rng.random() < cfg.noise_prob:
        x = add_noise(x, rng.uniform(*cfg.noise_snr_db), rng)
    if rng.random() < cfg.narrowband_prob:
        x = band_limit(x, rng)
    return spec_augment(features.mean_normalize(x), cfg, rng)


def make_batches(utts: list, max_batch_frames: int, cfg: AugmentConfig, rng: random.Random) -> list:
    """Random tempo per utterance, then length-sorted buckets packed up to max_batch_frames (padded size)."""
    items = [(u, rng.uniform(cfg.tempo_min, cfg.tempo_max)) for u in utts]
    rng.shuffle(items)
    batches = []
    for c in range(0, len(items), 2000):
        chunk = sorted(items[c:c + 2000], key=lambda it: it[0].frames / it[1])
        cur, longest = [], 0
        for it in chunk:
            n = it[0].frames / it[1]
            if cur and max(longest, n) * (len(cur) + 1) > max_batch_frames:
                batches.append(cur)
                cur, longest = [], 0
            cur.append(it)
            longest = max(longest, n)
        if cur:
            batches.append(cur)
    rng.shuffle(batches)
    return batches


def collate(feats: list) -> tuple:
    """List of [80, T_i] -> padded [B, 80, T_max] and lengths."""
    lengths = torch.tensor([f.shape[1] for f in feats])
    out = torch.zeros(len(feats), feats[0].shape[0], int(lengths.max()))
    for i, f in enumerate(feats):
        out[i, :, :f.shape[1]] = f
    return out, lengths
