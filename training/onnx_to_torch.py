"""Load a shipped ONNX model (BatchNorm folded into its convolutions) back into the torch LetterCtcModel.

/usr/bin/python3 training/onnx_to_torch.py --onnx models/quran-ctc-v1.onnx --card models/quran-ctc-v1.json \
    --out training/runs/shipped/final.pt [--calibrate-cache training/cache/X.npz] [--check]
The export folds each BatchNorm into the convolution before it, so the ONNX graph holds a weight and a bias per
Conv. Here each such conv gets its weight back and its BatchNorm is set to the identity plus that bias, which
reproduces the ONNX function exactly in eval mode. Fine-tuning runs BatchNorm in training mode (batch statistics),
so with --calibrate-cache the BatchNorm layers are re-parametrized to the statistics measured on real features
(same eval-mode function, and training-mode batches then see nearly the same function from the first step).
The output has the layout of finalize.py's final.pt (weights under "ema"), usable as train.py --init and by
checkpoint.load_model / export_onnx.py. --check compares its log-probs with onnxruntime-web's (export_onnx.run_onnx_node).
"""
import argparse
import json
import pathlib
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper

import model as model_lib


def conv_parameters(graph) -> list:
    """[(weight, bias or None, attributes)] of every Conv node, in graph order."""
    inits = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    for node in graph.node:  # equal folded tensors are shared through Identity nodes (or written as Constants)
        if node.op_type == "Constant":
            inits[node.output[0]] = numpy_helper.to_array(node.attribute[0].t)
        elif node.op_type == "Identity" and node.input[0] in inits:
            inits[node.output[0]] = inits[node.input[0]]
    convs = []
    for node in graph.node:
        if node.op_type != "Conv":
            continue
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        bias = inits[node.input[2]] if len(node.input) > 2 else None
        convs.append((inits[node.input[1]], bias, attrs))
    return convs


def torch_convs(net) -> list:
    """(conv, BatchNorm following it or None) in the order the export writes them."""
    pairs = [(net.stem[0], net.stem[1]), (net.stem[3], net.stem[4])]
    for block in net.blocks:
        pairs += [(block.depthwise, None), (block.pointwise, block.norm)]
    return pairs + [(net.head, None)]


def set_identity_norm(norm, bias: np.ndarray) -> None:
    """BatchNorm whose eval-mode output is its input plus `bias` (running var 1 - eps: sqrt(var + eps) = 1)."""
    with torch.no_grad():
        norm.weight.fill_(1.0)
        norm.bias.copy_(torch.from_numpy(bias.copy()))
        norm.running_mean.zero_()
        norm.running_var.fill_(1.0 - norm.eps)


def from_onnx(onnx_path: str, vocab_size: int):
    """LetterCtcModel (eval mode) with the ONNX model's weights; kernels read from the depthwise convs."""
    convs = conv_parameters(onnx.load(onnx_path).graph)
    kernels = tuple(int(w.shape[-1]) for w, _, attrs in convs if attrs.get("group", 1) > 1)
    net = model_lib.LetterCtcModel(vocab_size, kernels=kernels)
    pairs = torch_convs(net)
    if len(pairs) != len(convs):
        raise ValueError("%s has %d Conv nodes, the model expects %d" % (onnx_path, len(convs), len(pairs)))
    for (conv, norm), (weight, bias, _) in zip(pairs, convs):
        if tuple(conv.weight.shape) != weight.shape:
            raise ValueError("conv shape %s != ONNX %s" % (tuple(conv.weight.shape), weight.shape))
        with torch.no_grad():
            conv.weight.copy_(torch.from_numpy(weight.copy()))
        if norm is not None:
            set_identity_norm(norm, bias)
        elif conv.bias is not None:
            with torch.no_grad():
                conv.bias.copy_(torch.from_numpy(bias.copy()))
        elif bias is not None and np.abs(bias).max() > 0:
            raise ValueError("ONNX conv has a bias the torch conv cannot hold")
    return net.eval()


@torch.no_grad()
def calibrate_norms(net, feature_list: list) -> None:
    """Re-parametrize every BatchNorm to the mean/variance of its input over `feature_list` ([80, T] each),
    keeping its eval-mode affine map a*y + c unchanged: gamma = a*sqrt(var + eps), beta = c + a*mean."""
    norms = [m for m in net.modules() if isinstance(m, torch.nn.BatchNorm1d)]
    sums = {id(n): [0.0, 0.0, 0] for n in norms}

    def hook(module, inputs, _output):
        y = inputs[0].double()
        acc = sums[id(module)]
        acc[0] = acc[0] + y.sum(dim=(0, 2))
        acc[1] = acc[1] + (y * y).sum(dim=(0, 2))
        acc[2] += y.shape[0] * y.shape[2]

    handles = [n.register_forward_hook(hook) for n in norms]
    net.eval()
    for x in feature_list:
        net(x[None])
    for h in handles:
        h.remove()
    for n in norms:
        total, squares, count = sums[id(n)]
        mean = total / count
        var = torch.clamp(squares / count - mean * mean, min=0)
        a = n.weight.double() / torch.sqrt(n.running_var.double() + n.eps)
        c = n.bias.double() - n.running_mean.double() * a
        n.weight.copy_((a * torch.sqrt(var + n.eps)).float())
        n.bias.copy_((c + a * mean).float())
        n.running_mean.copy_(mean.float())
        n.running_var.copy_(var.float())


def cache_features(cache_path: str, count: int) -> list:
    """`count` evenly spread utterances of a feature cache, mean-normalized [80, T] (at most 30 s each)."""
    import data
    cache = data.load_cache(cache_path)
    offsets = cache["offsets"]
    picks = np.linspace(0, len(offsets) - 2, count).astype(int)
    out = []
    for i in picks:
        a, b = int(offsets[i]), min(int(offsets[i + 1]), int(offsets[i]) + 3000)
        x = torch.from_numpy(cache["feats"][a:b].astype(np.float32)).T.contiguous()
        out.append(data.features.mean_normalize(x))
    return out


def check_against_onnx(net, onnx_path: str, feats: torch.Tensor) -> float:
    """Max abs log-prob difference between the torch model and onnxruntime-web on feats [80, T]."""
    import export_onnx
    with torch.no_grad():
        ref = net(feats[None]).numpy()
    got, _ = export_onnx.run_onnx_node(str(pathlib.Path(onnx_path).resolve()), feats.numpy()[None])  # node runs in the repo root
    return float(np.abs(ref - got).max())


def main(argv: list) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--onnx", required=True)
    ap.add_argument("--card", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--calibrate-cache", help="feature cache whose utterances set the BatchNorm statistics")
    ap.add_argument("--calibrate-count", type=int, default=200)
    ap.add_argument("--check", action="store_true", help="compare with onnxruntime-web (node) on random + real features")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    card = json.loads(pathlib.Path(args.card).read_text(encoding="utf-8"))
    net = from_onnx(args.onnx, len(card["alphabet"]))
    report = {"onnx": args.onnx, "calibrated_on": args.calibrate_cache}
    real = None
    if args.calibrate_cache:
        real = cache_features(args.calibrate_cache, args.calibrate_count)
        calibrate_norms(net, real)
    if args.check:
        torch.manual_seed(0)
        x = torch.randn(80, 1234)
        report["max_abs_diff_random"] = check_against_onnx(net, args.onnx, x - x.mean(dim=-1, keepdim=True))
        if real:
            report["max_abs_diff_real"] = check_against_onnx(net, args.onnx, real[len(real) // 2])
    meta = {"alphabet": card["alphabet"], "kernels": list(net.kernels), "source": "onnx:%s" % args.onnx}
    # a fresh clone has no runs/ folder yet: create the output's parent rather than fail after the check
    pathlib.Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    torch.save({"ema": net.state_dict(), "model": net.state_dict(), "state": {}, "meta": meta}, args.out)
    print(json.dumps(report))
    if args.check and max(v for k, v in report.items() if k.startswith("max_abs")) > 1e-3:
        sys.exit("torch model does not reproduce the ONNX log-probs")


if __name__ == "__main__":
    main(sys.argv[1:])
