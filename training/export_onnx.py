"""Export a training checkpoint (EMA weights) to ONNX and check it against torch with onnxruntime-web (node).

/usr/bin/python3 training/export_onnx.py --ckpt training/runs/v1/checkpoint.pt --out models/quran-ctc-v1.onnx
BatchNorm is folded into the convolutions by the exporter (eval mode); the graph holds Conv/Relu/Add/
Transpose/LogSoftmax only. Prints the max abs difference to torch and the 1-thread wasm speed.
"""
import argparse
import collections
import json
import pathlib
import subprocess
import tempfile

import numpy as np
import onnx
import torch

import checkpoint

REPO = pathlib.Path(__file__).resolve().parent.parent


def export(net, out_path: str, opset: int = 13) -> None:
    dummy = torch.randn(1, 80, 500)
    torch.onnx.export(net, dummy, out_path, input_names=["features"], output_names=["log_probs"], opset_version=opset,
                      dynamic_axes={"features": {0: "batch", 2: "frames"}, "log_probs": {0: "batch", 1: "outFrames"}},
                      do_constant_folding=True)


def run_onnx_node(model_path: str, x: np.ndarray, bench_seconds: int = 0) -> tuple:
    """log_probs from onnxruntime-web in node for input x [1, 80, T]; optional throughput benchmark."""
    with tempfile.TemporaryDirectory() as tmp:
        inp, outp = pathlib.Path(tmp) / "in.json", pathlib.Path(tmp) / "out.json"
        inp.write_text(json.dumps({"dims": list(x.shape), "data": x.ravel().tolist()}))
        cmd = ["node", str(REPO / "training" / "onnx_check.mjs"), model_path, str(inp), str(outp)]
        if bench_seconds:
            cmd += ["--bench-seconds", str(bench_seconds)]
        subprocess.run(cmd, check=True, cwd=REPO)
        out = json.loads(outp.read_text())
    return np.array(out["data"], dtype=np.float32).reshape(out["dims"]), out.get("bench")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--report", help="write the check figures as JSON here")
    args = ap.parse_args()
    torch.manual_seed(0)
    net, meta, state = checkpoint.load_model(args.ckpt)
    pathlib.Path(args.out).parent.mkdir(parents=True, exist_ok=True)  # a candidate's own model/ folder
    export(net, args.out)
    graph = onnx.load(args.out)
    onnx.checker.check_model(graph)
    ops = dict(collections.Counter(n.op_type for n in graph.graph.node))
    x = torch.randn(1, 80, 1234)
    x = x - x.mean(dim=-1, keepdim=True)
    with torch.no_grad():
        ref = net(x).numpy()
    got, bench = run_onnx_node(args.out, x.numpy(), bench_seconds=60)
    report = {"ops": ops, "max_abs_diff_vs_torch": float(np.abs(ref - got).max()), "shape": list(got.shape),
              "bytes": pathlib.Path(args.out).stat().st_size, "bench_ort_web_1thread": bench}
    print(json.dumps(report, indent=1))
    if args.report:
        pathlib.Path(args.report).write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
