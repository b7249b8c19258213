#!/usr/bin/python3
"""PyTorch peer benchmark for sparkgan's Java GAN engine.

Measures GAN *training* throughput (real images consumed per second) on the
CPU for the same three architectures the Java engine implements, so the two
can be compared like for like.  Standalone: synthetic data, no downloads.

Run with Debian's PyTorch (python3-torch, linked against OpenBLAS-OpenMP):
    /usr/bin/python3 tests/bench/pytorch_gan_bench.py --model all --threads 2
"""
import argparse
import os
import sys
import time

MODELS = ("dcgan32", "dcgan28", "mlp")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", default="all", choices=MODELS + ("all",))
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--warmup", type=int, default=5,
                   help="untimed iterations (allocator, oneDNN primitives)")
    p.add_argument("--seconds", type=float, default=20.0,
                   help="measure for about this long after warmup")
    p.add_argument("--seed", type=int, default=0)
    return p.parse_args()


ARGS = parse_args()
# Set before importing torch so libgomp/OpenBLAS pools start at this size
# (torch's own default here is 1 thread, which would skew the comparison).
os.environ["OMP_NUM_THREADS"] = str(ARGS.threads)

import torch  # noqa: E402
from torch import nn  # noqa: E402


# Layers feeding a BatchNorm use bias=False, as in the DCGAN reference:
# BN subtracts the batch mean, so a bias there would be cancelled anyway.
def g_block(cin, cout, k, s, p):
    return [nn.ConvTranspose2d(cin, cout, k, s, p, bias=False),
            nn.BatchNorm2d(cout), nn.ReLU(True)]


def d_block(cin, cout, bn=True):
    layers = [nn.Conv2d(cin, cout, 4, 2, 1, bias=not bn)]
    if bn:
        layers.append(nn.BatchNorm2d(cout))
    return layers + [nn.LeakyReLU(0.2, True)]


def mlp_block(cin, cout):
    return [nn.Linear(cin, cout, bias=False), nn.BatchNorm1d(cout),
            nn.ReLU(True)]


def build(name):
    """Return (G, D, latent shape per sample, image shape per sample)."""
    if name == "dcgan32":
        g = nn.Sequential(*g_block(128, 512, 4, 1, 0),
                          *g_block(512, 256, 4, 2, 1),
                          *g_block(256, 128, 4, 2, 1),
                          nn.ConvTranspose2d(128, 3, 4, 2, 1), nn.Tanh())
        d = nn.Sequential(*d_block(3, 128, bn=False), *d_block(128, 256),
                          *d_block(256, 512), nn.Conv2d(512, 1, 4, 1, 0),
                          nn.Flatten())
        return g, d, (128, 1, 1), (3, 32, 32)
    if name == "dcgan28":
        g = nn.Sequential(*g_block(100, 256, 7, 1, 0),
                          *g_block(256, 128, 4, 2, 1),
                          nn.ConvTranspose2d(128, 1, 4, 2, 1), nn.Tanh())
        d = nn.Sequential(*d_block(1, 64, bn=False), *d_block(64, 128),
                          nn.Conv2d(128, 1, 7, 1, 0), nn.Flatten())
        return g, d, (100, 1, 1), (1, 28, 28)
    # mlp: images handled as flat 784-vectors.
    g = nn.Sequential(*mlp_block(100, 256), *mlp_block(256, 512),
                      *mlp_block(512, 1024), nn.Linear(1024, 784), nn.Tanh())
    d = nn.Sequential(nn.Linear(784, 512), nn.LeakyReLU(0.2, True),
                      nn.Dropout(0.3),
                      nn.Linear(512, 256), nn.LeakyReLU(0.2, True),
                      nn.Dropout(0.3),
                      nn.Linear(256, 1))
    return g, d, (100,), (784,)


def forward_macs(net, x):
    """Multiply-adds of conv/linear layers in one forward pass of one sample.

    Counted from the actual layer shapes via hooks, so it cannot drift from
    the model definitions; BN/activations are elementwise and ignored.
    """
    total = 0

    def hook(m, inp, out):
        nonlocal total
        if isinstance(m, nn.ConvTranspose2d):   # each input pixel scatters
            total += (inp[0][0].numel() * m.out_channels
                      * m.weight[0, 0].numel())
        elif isinstance(m, nn.Conv2d):          # each output pixel gathers
            total += out[0].numel() * m.weight[0].numel()
        elif isinstance(m, nn.Linear):
            total += m.in_features * m.out_features
    handles = [m.register_forward_hook(hook) for m in net.modules()]
    net.eval()
    with torch.no_grad():
        net(x)
    for h in handles:
        h.remove()
    return total


def train_gflop_per_img(g, d, zshape, xshape):
    """Training FLOPs per real image: 1 MAC = 2 FLOP, fwd+bwd = 3x fwd.

    Per iteration G runs forward once and backward once (3 x G fwd); D runs
    forward+backward three times (real, detached fake, fake for the G step),
    i.e. 9 x D fwd.  Small overcount: D's first-layer input gradient is not
    needed for the D step.
    """
    mg = forward_macs(g, torch.zeros(1, *zshape))
    md = forward_macs(d, torch.zeros(1, *xshape))
    return mg, md, 2 * (3 * mg + 9 * md) / 1e9


def bench(name, batch, warmup, seconds):
    g, d, zshape, xshape = build(name)
    mg, md, gflop = train_gflop_per_img(g, d, zshape, xshape)
    g.train()
    d.train()
    loss = nn.BCEWithLogitsLoss()   # non-saturating loss, numerically stable
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    # One fixed "real" batch: data loading is not what we are comparing.
    real = torch.rand(batch, *xshape) * 2 - 1
    ones = torch.ones(batch, 1)
    zeros = torch.zeros(batch, 1)

    def step():
        # D step: real batch and a fake batch (detached: no G gradients).
        fake = g(torch.randn(batch, *zshape))
        opt_d.zero_grad(set_to_none=True)
        (loss(d(real), ones) + loss(d(fake.detach()), zeros)).backward()
        opt_d.step()
        # G step reuses the same fake batch against the updated D.
        opt_g.zero_grad(set_to_none=True)
        loss(d(fake), ones).backward()
        opt_g.step()

    for _ in range(warmup):
        step()
    iters = 0
    t0 = time.perf_counter()
    while True:
        step()
        iters += 1
        elapsed = time.perf_counter() - t0
        if elapsed >= seconds:
            break
    ips = iters * batch / elapsed
    print(f"model={name} threads={torch.get_num_threads()} batch={batch} "
          f"throughput_img_s={ips:.1f} iters={iters} seconds={elapsed:.2f} "
          f"g_fwd_mmac={mg / 1e6:.2f} d_fwd_mmac={md / 1e6:.2f} "
          f"train_gflop_per_img={gflop:.3f} achieved_gflops={ips * gflop:.1f}",
          flush=True)


def matmul_gflops(n=2048, reps=10):
    """Sustained fp32 GEMM rate: the practical peak of this machine/BLAS."""
    a, b = torch.randn(n, n), torch.randn(n, n)
    for _ in range(2):
        a @ b
    t0 = time.perf_counter()
    for _ in range(reps):
        a @ b
    return 2 * n ** 3 * reps / (time.perf_counter() - t0) / 1e9


def blas_libs():
    """BLAS libraries really mapped into this process (after alternatives)."""
    with open("/proc/self/maps") as f:
        libs = {ln.split()[-1] for ln in f if "blas" in ln or "mkl" in ln}
    return ",".join(sorted(os.path.realpath(p) for p in libs)) or "none"


def main():
    torch.set_num_threads(ARGS.threads)
    torch.manual_seed(ARGS.seed)
    print(f"torch={torch.__version__} python={sys.executable} "
          f"blas={blas_libs()}", flush=True)
    print(f"matmul_gflops={matmul_gflops():.1f} n=2048 "
          f"threads={torch.get_num_threads()}", flush=True)
    for name in MODELS if ARGS.model == "all" else (ARGS.model,):
        bench(name, ARGS.batch, ARGS.warmup, ARGS.seconds)


if __name__ == "__main__":
    main()
