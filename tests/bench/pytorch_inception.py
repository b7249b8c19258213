#!/usr/bin/python3
"""PyTorch peer of sparkgan's Inception-v3 feature extractor (sparkgan.evaluate.inception).

An independent PyTorch implementation of the FID Inception-v3 (the TensorFlow 2015 graph, in the block structure
pytorch-fid uses: A, B, C, D, E with average pooling that excludes padding, and max pooling in the last E block's
pool branch), written for sparkgan's tests and benchmark. Standalone, one file (the benchmark copies it into another
root), no downloads.

  reference --out DIR [--seed N]
      random weights (seeded) saved as DIR/weights-zip.pth (torch.save's zip format) and DIR/weights-legacy.pth
      (_use_new_zipfile_serialization=False); two batches of random uint8 HWC images (grey 32x32, RGB 28x36) as
      DIR/<batch>.u8, and for each the pool_3 features and bias-free logits in float64 as DIR/<batch>.pool3.f64 and
      DIR/<batch>.logits.f64 (little-endian), computed in float64 so that the Java float32 network is compared with
      the exact answer.
  bench [--batch 16] [--threads 2] [--warmup 2] [--seconds 20] [--channels-last]
      images/s of the network's forward pass on a [batch, 3, 299, 299] float32 input, random weights:
      prints throughput_img_s=...
"""
import argparse
import os
import sys
import time


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("reference")
    r.add_argument("--out", required=True)
    r.add_argument("--seed", type=int, default=13)
    b = sub.add_parser("bench")
    b.add_argument("--batch", type=int, default=16)
    b.add_argument("--threads", type=int, default=2)
    b.add_argument("--warmup", type=int, default=2)
    b.add_argument("--seconds", type=float, default=20.0)
    b.add_argument("--channels-last", action="store_true",
                   help="NHWC activations and weights (torch.channels_last), as the Java network runs by default")
    return p.parse_args()


ARGS = parse_args()
if ARGS.command == "bench":
    # Before importing torch, so that the OpenMP pool starts at this size.
    os.environ["OMP_NUM_THREADS"] = str(ARGS.threads)

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402


class ConvBn(nn.Module):
    """Convolution without bias, batch norm in inference form (eps 0.001, as the TF graph), ReLU."""

    def __init__(self, cin, cout, kernel, stride=1, padding=0):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, kernel, stride=stride, padding=padding, bias=False)
        self.bn = nn.BatchNorm2d(cout, eps=0.001)

    def forward(self, x):
        return F.relu(self.bn(self.conv(x)))


def avg_pool_same(x):
    # TF's 3x3 stride-1 SAME average pool divides by the number of real pixels under the window.
    return F.avg_pool2d(x, 3, stride=1, padding=1, count_include_pad=False)


class BlockA(nn.Module):
    def __init__(self, cin, pool_features):
        super().__init__()
        self.branch1x1 = ConvBn(cin, 64, 1)
        self.branch5x5_1 = ConvBn(cin, 48, 1)
        self.branch5x5_2 = ConvBn(48, 64, 5, padding=2)
        self.branch3x3dbl_1 = ConvBn(cin, 64, 1)
        self.branch3x3dbl_2 = ConvBn(64, 96, 3, padding=1)
        self.branch3x3dbl_3 = ConvBn(96, 96, 3, padding=1)
        self.branch_pool = ConvBn(cin, pool_features, 1)

    def forward(self, x):
        a = self.branch1x1(x)
        b = self.branch5x5_2(self.branch5x5_1(x))
        c = self.branch3x3dbl_3(self.branch3x3dbl_2(self.branch3x3dbl_1(x)))
        d = self.branch_pool(avg_pool_same(x))
        return torch.cat([a, b, c, d], 1)


class BlockB(nn.Module):
    def __init__(self, cin):
        super().__init__()
        self.branch3x3 = ConvBn(cin, 384, 3, stride=2)
        self.branch3x3dbl_1 = ConvBn(cin, 64, 1)
        self.branch3x3dbl_2 = ConvBn(64, 96, 3, padding=1)
        self.branch3x3dbl_3 = ConvBn(96, 96, 3, stride=2)

    def forward(self, x):
        a = self.branch3x3(x)
        b = self.branch3x3dbl_3(self.branch3x3dbl_2(self.branch3x3dbl_1(x)))
        return torch.cat([a, b, F.max_pool2d(x, 3, stride=2)], 1)


class BlockC(nn.Module):
    def __init__(self, cin, c7):
        super().__init__()
        self.branch1x1 = ConvBn(cin, 192, 1)
        self.branch7x7_1 = ConvBn(cin, c7, 1)
        self.branch7x7_2 = ConvBn(c7, c7, (1, 7), padding=(0, 3))
        self.branch7x7_3 = ConvBn(c7, 192, (7, 1), padding=(3, 0))
        self.branch7x7dbl_1 = ConvBn(cin, c7, 1)
        self.branch7x7dbl_2 = ConvBn(c7, c7, (7, 1), padding=(3, 0))
        self.branch7x7dbl_3 = ConvBn(c7, c7, (1, 7), padding=(0, 3))
        self.branch7x7dbl_4 = ConvBn(c7, c7, (7, 1), padding=(3, 0))
        self.branch7x7dbl_5 = ConvBn(c7, 192, (1, 7), padding=(0, 3))
        self.branch_pool = ConvBn(cin, 192, 1)

    def forward(self, x):
        a = self.branch1x1(x)
        b = self.branch7x7_3(self.branch7x7_2(self.branch7x7_1(x)))
        c = x
        for layer in (self.branch7x7dbl_1, self.branch7x7dbl_2, self.branch7x7dbl_3, self.branch7x7dbl_4,
                      self.branch7x7dbl_5):
            c = layer(c)
        d = self.branch_pool(avg_pool_same(x))
        return torch.cat([a, b, c, d], 1)


class BlockD(nn.Module):
    def __init__(self, cin):
        super().__init__()
        self.branch3x3_1 = ConvBn(cin, 192, 1)
        self.branch3x3_2 = ConvBn(192, 320, 3, stride=2)
        self.branch7x7x3_1 = ConvBn(cin, 192, 1)
        self.branch7x7x3_2 = ConvBn(192, 192, (1, 7), padding=(0, 3))
        self.branch7x7x3_3 = ConvBn(192, 192, (7, 1), padding=(3, 0))
        self.branch7x7x3_4 = ConvBn(192, 192, 3, stride=2)

    def forward(self, x):
        a = self.branch3x3_2(self.branch3x3_1(x))
        b = self.branch7x7x3_4(self.branch7x7x3_3(self.branch7x7x3_2(self.branch7x7x3_1(x))))
        return torch.cat([a, b, F.max_pool2d(x, 3, stride=2)], 1)


class BlockE(nn.Module):
    def __init__(self, cin, max_pool):
        super().__init__()
        self.max_pool = max_pool
        self.branch1x1 = ConvBn(cin, 320, 1)
        self.branch3x3_1 = ConvBn(cin, 384, 1)
        self.branch3x3_2a = ConvBn(384, 384, (1, 3), padding=(0, 1))
        self.branch3x3_2b = ConvBn(384, 384, (3, 1), padding=(1, 0))
        self.branch3x3dbl_1 = ConvBn(cin, 448, 1)
        self.branch3x3dbl_2 = ConvBn(448, 384, 3, padding=1)
        self.branch3x3dbl_3a = ConvBn(384, 384, (1, 3), padding=(0, 1))
        self.branch3x3dbl_3b = ConvBn(384, 384, (3, 1), padding=(1, 0))
        self.branch_pool = ConvBn(cin, 192, 1)

    def forward(self, x):
        a = self.branch1x1(x)
        t = self.branch3x3_1(x)
        b = torch.cat([self.branch3x3_2a(t), self.branch3x3_2b(t)], 1)
        u = self.branch3x3dbl_2(self.branch3x3dbl_1(x))
        c = torch.cat([self.branch3x3dbl_3a(u), self.branch3x3dbl_3b(u)], 1)
        # The 2015 graph's last block (mixed_10) pools its pool branch with a max, the one before with an average.
        pooled = F.max_pool2d(x, 3, stride=1, padding=1) if self.max_pool else avg_pool_same(x)
        return torch.cat([a, b, c, self.branch_pool(pooled)], 1)


class FidInception(nn.Module):
    def __init__(self):
        super().__init__()
        self.Conv2d_1a_3x3 = ConvBn(3, 32, 3, stride=2)
        self.Conv2d_2a_3x3 = ConvBn(32, 32, 3)
        self.Conv2d_2b_3x3 = ConvBn(32, 64, 3, padding=1)
        self.Conv2d_3b_1x1 = ConvBn(64, 80, 1)
        self.Conv2d_4a_3x3 = ConvBn(80, 192, 3)
        self.Mixed_5b = BlockA(192, 32)
        self.Mixed_5c = BlockA(256, 64)
        self.Mixed_5d = BlockA(288, 64)
        self.Mixed_6a = BlockB(288)
        self.Mixed_6b = BlockC(768, 128)
        self.Mixed_6c = BlockC(768, 160)
        self.Mixed_6d = BlockC(768, 160)
        self.Mixed_6e = BlockC(768, 192)
        self.Mixed_7a = BlockD(768)
        self.Mixed_7b = BlockE(1280, max_pool=False)
        self.Mixed_7c = BlockE(2048, max_pool=True)
        self.fc = nn.Linear(2048, 1008)

    def forward(self, x):
        """x: [N, 3, 299, 299], already scaled to (pixel - 128) / 128. Returns pool_3 [N, 2048], logits [N, 1008]."""
        x = self.Conv2d_2b_3x3(self.Conv2d_2a_3x3(self.Conv2d_1a_3x3(x)))
        x = F.max_pool2d(x, 3, stride=2)
        x = self.Conv2d_4a_3x3(self.Conv2d_3b_1x1(x))
        x = F.max_pool2d(x, 3, stride=2)
        for block in (self.Mixed_5b, self.Mixed_5c, self.Mixed_5d, self.Mixed_6a, self.Mixed_6b, self.Mixed_6c,
                      self.Mixed_6d, self.Mixed_6e, self.Mixed_7a, self.Mixed_7b, self.Mixed_7c):
            x = block(x)
        pool3 = F.avg_pool2d(x, 8).flatten(1)
        # The Inception Score's logits: pool_3 times softmax/weights, without the graph's bias (as the original IS
        # code takes them from softmax/logits/MatMul).
        return pool3, pool3 @ self.fc.weight.t()


def randomize(model, generator):
    """Weights of the right scale for a deep ReLU network, so that activations neither vanish nor explode."""
    with torch.no_grad():
        for name, tensor in model.state_dict().items():
            if name.endswith("conv.weight") or name == "fc.weight":
                fan_in = tensor[0].numel()
                tensor.copy_(torch.randn(tensor.shape, generator=generator) * (2.0 / fan_in) ** 0.5)
            elif name.endswith("bn.weight") or name.endswith("running_var"):
                tensor.copy_(0.5 + torch.rand(tensor.shape, generator=generator))
            elif name.endswith("bn.bias") or name.endswith("running_mean") or name == "fc.bias":
                tensor.copy_(0.4 * torch.rand(tensor.shape, generator=generator) - 0.2)


def tf1_legacy_resize(images, size=299):
    """TF1 ResizeBilinear, align_corners=False, half_pixel_centers=False, in float32 as TF computes it:
    source = dst * (in / out), neighbours floor(source) and min(floor(source) + 1, in - 1), no antialiasing.
    images: uint8 [N, H, W, C] -> float32 [N, C, size, size]."""
    x = images.astype(np.float32)
    n, h, w, c = x.shape

    def axis(n_in):
        scale = np.float32(n_in) / np.float32(size)
        src = np.arange(size, dtype=np.float32) * scale
        lower = np.floor(src).astype(np.int64)
        upper = np.minimum(lower + 1, n_in - 1)
        return lower, upper, (src - np.floor(src)).astype(np.float32)

    y0, y1, ly = axis(h)
    x0, x1, lx = axis(w)
    lx = lx[None, None, :, None]
    ly = ly[None, :, None, None]
    top = x[:, y0][:, :, x0] + (x[:, y0][:, :, x1] - x[:, y0][:, :, x0]) * lx
    bottom = x[:, y1][:, :, x0] + (x[:, y1][:, :, x1] - x[:, y1][:, :, x0]) * lx
    out = top + (bottom - top) * ly
    return np.ascontiguousarray(out.transpose(0, 3, 1, 2))


def preprocess(images):
    if images.shape[3] == 1:
        images = np.repeat(images, 3, axis=3)
    return (tf1_legacy_resize(images) - np.float32(128)) / np.float32(128)


def reference(out, seed):
    generator = torch.Generator().manual_seed(seed)
    model = FidInception().eval()
    randomize(model, generator)
    state = model.state_dict()
    torch.save(state, os.path.join(out, "weights-zip.pth"))
    torch.save(state, os.path.join(out, "weights-legacy.pth"), _use_new_zipfile_serialization=False)
    rng = np.random.default_rng(seed)
    batches = {"grey": rng.integers(0, 256, (2, 32, 32, 1), dtype=np.uint8),
               "rgb": rng.integers(0, 256, (2, 28, 36, 3), dtype=np.uint8)}
    model = model.double()
    with torch.no_grad():
        for name, images in batches.items():
            images.tofile(os.path.join(out, name + ".u8"))
            pool3, logits = model(torch.from_numpy(preprocess(images)).double())
            pool3.numpy().astype("<f8").tofile(os.path.join(out, name + ".pool3.f64"))
            logits.numpy().astype("<f8").tofile(os.path.join(out, name + ".logits.f64"))
    print("torch=%s wrote=%s" % (torch.__version__, out))


def bench(batch, threads, warmup, seconds, channels_last):
    torch.set_num_threads(threads)
    model = FidInception().eval()
    randomize(model, torch.Generator().manual_seed(1))
    x = torch.rand(batch, 3, 299, 299) * 2 - 1
    if channels_last:
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    with torch.no_grad():
        for _ in range(warmup):
            model(x)
        start = time.perf_counter()
        iterations = 0
        while time.perf_counter() - start < seconds:
            model(x)
            iterations += 1
        elapsed = time.perf_counter() - start
    print("torch=%s threads=%d batch=%d channels_last=%s iterations=%d seconds=%.2f throughput_img_s=%.2f"
          % (torch.__version__, threads, batch, channels_last, iterations, elapsed, iterations * batch / elapsed))


if __name__ == "__main__":
    if ARGS.command == "reference":
        reference(ARGS.out, ARGS.seed)
    else:
        bench(ARGS.batch, ARGS.threads, ARGS.warmup, ARGS.seconds, ARGS.channels_last)
    sys.stdout.flush()
