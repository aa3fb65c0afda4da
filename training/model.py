"""CTC letter model: 4x conv subsampling + residual depthwise-separable 1-D conv blocks (QuartzNet-like).

Only ONNX-friendly ops: Conv (BatchNorm folded at export), Relu, Add, Transpose, LogSoftmax.
"""
import math

import torch
from torch import nn

SUBSAMPLE_KERNEL = 5
DEFAULT_KERNELS = (11, 11, 13, 13, 15, 15, 17, 17, 19, 21, 23, 25)


class SeparableBlock(nn.Module):
    """x + ReLU(BN(pointwise(depthwise(x)))) with dropout; 'same' padding keeps the frame count."""

    def __init__(self, channels: int, kernel: int, dropout: float):
        super().__init__()
        self.depthwise = nn.Conv1d(channels, channels, kernel, padding=kernel // 2, groups=channels, bias=False)
        self.pointwise = nn.Conv1d(channels, channels, 1, bias=False)
        self.norm = nn.BatchNorm1d(channels)
        self.act = nn.ReLU()
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.drop(self.act(self.norm(self.pointwise(self.depthwise(x)))))


class LetterCtcModel(nn.Module):
    def __init__(self, vocab_size: int, n_mels: int = 80, channels: int = 384, stem_channels: int = 256,
                 kernels: tuple = DEFAULT_KERNELS, dropout: float = 0.1):
        super().__init__()
        k = SUBSAMPLE_KERNEL
        self.kernels = tuple(kernels)
        self.stem = nn.Sequential(
            nn.Conv1d(n_mels, stem_channels, k, stride=2, padding=k // 2, bias=False),
            nn.BatchNorm1d(stem_channels), nn.ReLU(),
            nn.Conv1d(stem_channels, channels, k, stride=2, padding=k // 2, bias=False),
            nn.BatchNorm1d(channels), nn.ReLU())
        self.blocks = nn.Sequential(*[SeparableBlock(channels, kk, dropout) for kk in kernels])
        self.head = nn.Conv1d(channels, vocab_size, 1)

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        """features [B, 80, T] (mean-normalized log-mel) -> log_probs [B, outFrames, vocab]."""
        logits = self.head(self.blocks(self.stem(features)))
        return torch.log_softmax(logits.transpose(1, 2), dim=-1)


def out_frames(frames: int) -> int:
    """Output frame count for `frames` input frames: two stride-2 convs with padding k//2."""
    return math.ceil(math.ceil(frames / 2) / 2)


def out_frames_tensor(frames: torch.Tensor) -> torch.Tensor:
    return torch.div(torch.div(frames + 1, 2, rounding_mode="floor") + 1, 2, rounding_mode="floor")


def receptive_field_frames(kernels: tuple = DEFAULT_KERNELS) -> int:
    """Input frames that influence one output frame (stride of the block stack is 4 input frames)."""
    rf = SUBSAMPLE_KERNEL + (SUBSAMPLE_KERNEL - 1) * 2
    return rf + sum(k - 1 for k in kernels) * 4


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
