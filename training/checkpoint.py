"""Load a trained network (EMA weights) from a training run's checkpoint."""
import pathlib

import torch

import model as model_lib


def load_model(ckpt_path: str, use_ema: bool = True):
    """Returns (model in eval mode, meta dict with alphabet/kernels, training state)."""
    saved = torch.load(pathlib.Path(ckpt_path), map_location="cpu")
    meta = saved["meta"]
    net = model_lib.LetterCtcModel(len(meta["alphabet"]), kernels=tuple(meta["kernels"]))
    net.load_state_dict(saved["ema"] if use_ema else saved["model"])
    net.eval()
    return net, meta, saved["state"]
