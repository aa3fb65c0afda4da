"""/usr/bin/python3 -m unittest discover -s training -p 'test_*.py'  — augmentation of cached log-mel."""
import math
import pathlib
import random
import tempfile
import unittest

import numpy as np
import torch

import data
import features


def tone_features() -> torch.Tensor:
    """Log-mel of 1 s of a 440 Hz sine: loud in a few bins, near the floor elsewhere."""
    t = torch.arange(features.SAMPLE_RATE_HZ) / features.SAMPLE_RATE_HZ
    return features.log_mel(0.3 * torch.sin(2 * math.pi * 440 * t))


class AugmentTest(unittest.TestCase):
    def test_noise_raises_the_quiet_bins_and_keeps_the_shape(self):
        x = tone_features()
        y = data.add_noise(x, 20.0, random.Random(1))
        self.assertEqual(y.shape, x.shape)
        quiet = x.mean(dim=1) < x.mean(dim=1).median()
        self.assertGreater((y - x)[quiet].mean().item(), 1.0)
        self.assertLess((y - x).abs().max(dim=1).values.min().item(), 30.0)

    def test_augment_covers_the_configured_tempo_range(self):
        x = tone_features()
        cfg = data.AugmentConfig()
        fast = data.augment(x, cfg.tempo_max, cfg, random.Random(2))
        slow = data.augment(x, cfg.tempo_min, cfg, random.Random(2))
        self.assertEqual(fast.shape[1], round(x.shape[1] / 1.8))
        self.assertEqual(slow.shape[1], round(x.shape[1] / 0.6))
        self.assertIn("tempo 0.6-1.8x", data.describe(cfg))


class AugmentProfileTest(unittest.TestCase):
    def test_v2_profile_is_the_shipped_models_augmentation_and_default_is_the_config(self):
        profiles = data.augment_profiles()
        self.assertEqual(profiles["default"], data.AugmentConfig())
        v2 = profiles["v2"]
        self.assertEqual((v2.tempo_min, v2.tempo_max, v2.warp_max, v2.noise_prob), (0.7, 1.6, 0.08, 0.0))
        self.assertEqual(v2.reverb_prob, data.AugmentConfig().reverb_prob)
        self.assertEqual(profiles["none"].time_mask_ratio, 0.0)


class CacheFileTest(unittest.TestCase):
    def test_save_cache_creates_its_folder_and_load_cache_reads_it_back(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = str(pathlib.Path(tmp) / "cache" / "voice.npz")  # the folder does not exist yet
            chunks = [np.full((4, 80), 1.0, np.float16), np.full((2, 80), -1.0, np.float16)]
            features.save_cache(out, chunks, [1001, 1002], [0, 4, 6], 1.25)
            cache = data.load_cache(out)
            self.assertEqual(list(cache["keys"]), [1001, 1002])
            self.assertEqual(list(cache["offsets"]), [0, 4, 6])
            self.assertEqual(cache["feats"].shape, (6, 80))
            self.assertEqual(float(cache["feats"][5, 0]), -1.0)
            self.assertAlmostEqual(float(cache["audio_seconds"]), 1.25)


if __name__ == "__main__":
    unittest.main()
