"""/usr/bin/python3 -m unittest discover -s training -p 'test_*.py'  (torch + onnx, no node needed)

A model with non-trivial BatchNorm statistics is exported the way export_onnx.py does it (BN folded) and loaded
back with onnx_to_torch: the loaded model must give the same log-probs, before and after BN calibration."""
import pathlib
import tempfile
import unittest

import torch

import export_onnx
import model as model_lib
import onnx_to_torch

KERNELS = (5, 7, 9)
VOCAB = 34


def random_model() -> model_lib.LetterCtcModel:
    torch.manual_seed(3)
    net = model_lib.LetterCtcModel(VOCAB, kernels=KERNELS)
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, torch.nn.BatchNorm1d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.normal_(0, 0.2)
                m.running_mean.normal_(0, 0.5)
                m.running_var.uniform_(0.3, 3.0)
    return net.eval()


class OnnxToTorchTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.path = str(pathlib.Path(cls.tmp.name) / "m.onnx")
        cls.original = random_model()
        export_onnx.export(cls.original, cls.path)
        x = torch.randn(80, 700)
        cls.x = x - x.mean(dim=-1, keepdim=True)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def assert_same_output(self, net):
        with torch.no_grad():
            diff = (net(self.x[None]) - self.original(self.x[None])).abs().max().item()
        self.assertLess(diff, 1e-4)

    def test_loaded_model_reproduces_the_exported_one(self):
        net = onnx_to_torch.from_onnx(self.path, VOCAB)
        self.assertEqual(net.kernels, KERNELS)
        self.assert_same_output(net)

    def test_calibration_keeps_the_eval_function_and_matches_batch_statistics(self):
        net = onnx_to_torch.from_onnx(self.path, VOCAB)
        feats = [torch.randn(80, 300) for _ in range(4)]
        onnx_to_torch.calibrate_norms(net, feats)
        self.assert_same_output(net)
        stem_norm = net.stem[1]
        pre = net.stem[0](torch.stack(feats)).detach()
        self.assertLess((pre.mean(dim=(0, 2)) - stem_norm.running_mean).abs().max().item(), 1e-3)

    def test_a_graph_of_another_shape_is_refused(self):
        other = model_lib.LetterCtcModel(VOCAB + 1, kernels=KERNELS).eval()
        path = str(pathlib.Path(self.tmp.name) / "other.onnx")
        export_onnx.export(other, path)
        with self.assertRaises(ValueError):
            onnx_to_torch.from_onnx(path, VOCAB)


if __name__ == "__main__":
    unittest.main()
