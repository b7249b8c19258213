#!/usr/bin/python3
"""PyTorch peer benchmark for sparkgan's Java GAN engine.

Measures GAN *training* throughput (real images consumed per second) on the
CPU for the same architectures the Java engine's bench job trains (DCGAN at
32 and 28 pixels, an MLP, SNGAN at 32 pixels, and SSGAN: SNGAN with a
rotation-prediction head), so the two can be compared like for like.  Standalone: synthetic data, no downloads.

Run with Debian's PyTorch (python3-torch, linked against OpenBLAS-OpenMP):
    /usr/bin/python3 tests/bench/pytorch_gan_bench.py --model all --threads 2
"""
import argparse
import os
import sys
import time

MODELS = ("dcgan32", "dcgan28", "mlp", "sngan32", "ssgan32")


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
from torch.nn import functional as F  # noqa: E402
from torch.nn.utils import spectral_norm  # noqa: E402


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


# SNGAN (Miyato et al. 2018) as the engine builds it (Architectures'
# snganGenerator and snganDiscriminator, ResidualBlock): Xavier-uniform
# weights, gain sqrt(2) in the residual branch and 1 elsewhere; biases keep
# PyTorch's default init.
def xavier(layer, gain):
    nn.init.xavier_uniform_(layer.weight, gain)
    return layer


def up(x):
    return F.interpolate(x, scale_factor=2, mode="nearest")


class SnganGBlock(nn.Module):
    """BN, ReLU, upsample, conv3, BN, ReLU, conv3; shortcut conv1, upsample.

    The first conv feeds a BN, so it has no bias (as in the engine).  Running
    the 1x1 shortcut before the upsampling is the engine's order: same result,
    4x fewer multiply-adds.
    """

    def __init__(self, cin, cout):
        super().__init__()
        self.bn1 = nn.BatchNorm2d(cin)
        self.conv1 = xavier(nn.Conv2d(cin, cout, 3, 1, 1, bias=False), 2 ** .5)
        self.bn2 = nn.BatchNorm2d(cout)
        self.conv2 = xavier(nn.Conv2d(cout, cout, 3, 1, 1), 2 ** .5)
        self.shortcut = xavier(nn.Conv2d(cin, cout, 1), 1.0)

    def forward(self, x):
        h = self.conv1(up(F.relu(self.bn1(x))))
        h = self.conv2(F.relu(self.bn2(h)))
        return h + up(self.shortcut(x))


def sn_conv(cin, cout, k, gain):
    return spectral_norm(xavier(nn.Conv2d(cin, cout, k, 1, k // 2), gain))


class SnganDBlock(nn.Module):
    """[ReLU,] conv3, ReLU, conv3, [avg pool]; shortcut [conv1, avg pool].

    The first ("optimized") block sees the image: no leading ReLU, its first
    conv already widens to cout, and its shortcut pools before the 1x1 conv.
    Other blocks widen in the second conv; their shortcut is the identity
    unless the block downsamples or changes width.
    """

    def __init__(self, cin, cout, downsample, first=False):
        super().__init__()
        mid = cout if first else cin
        self.first, self.downsample = first, downsample
        self.conv1 = sn_conv(cin, mid, 3, 2 ** .5)
        self.conv2 = sn_conv(mid, cout, 3, 2 ** .5)
        self.shortcut = (sn_conv(cin, cout, 1, 1.0)
                         if first or downsample or cin != cout else None)

    def forward(self, x):
        h = self.conv1(x if self.first else F.relu(x))
        h = self.conv2(F.relu(h))
        s = x
        if self.first:
            s = self.shortcut(F.avg_pool2d(x, 2))
        elif self.shortcut is not None:
            s = self.shortcut(x)
            if self.downsample:
                s = F.avg_pool2d(s, 2)
        if self.downsample:
            h = F.avg_pool2d(h, 2)
        return h + s


class SnganG(nn.Module):
    def __init__(self, nz=128, ngf=256):
        super().__init__()
        self.ngf = ngf
        self.linear = xavier(nn.Linear(nz, 4 * 4 * ngf), 1.0)
        self.blocks = nn.Sequential(*(SnganGBlock(ngf, ngf) for _ in range(3)))
        self.bn = nn.BatchNorm2d(ngf)
        self.out = xavier(nn.Conv2d(ngf, 3, 3, 1, 1), 1.0)

    def forward(self, z):
        h = self.blocks(self.linear(z).view(-1, self.ngf, 4, 4))
        return torch.tanh(self.out(F.relu(self.bn(h))))


class SnganD(nn.Module):
    def __init__(self, ndf=128):
        super().__init__()
        self.blocks = nn.Sequential(SnganDBlock(3, ndf, True, first=True),
                                    SnganDBlock(ndf, ndf, True),
                                    SnganDBlock(ndf, ndf, False),
                                    SnganDBlock(ndf, ndf, False))
        self.linear = spectral_norm(xavier(nn.Linear(ndf, 1), 1.0))

    def forward(self, x):
        # Global sum pooling, not mean: SNGAN's D sums over positions.
        return self.linear(F.relu(self.blocks(x)).sum(dim=(2, 3)))


class SsganD(SnganD):
    """SSGAN's D (Chen et al. 2019, as Mimicry's SSGAN): SNGAN's D plus an SN
    linear head from the same pooled features to 4 rotation classes.

    forward returns (real/fake logit, rotation logits): both heads run on
    every pass, as in Mimicry.
    """

    def __init__(self, ndf=128):
        super().__init__(ndf)
        self.rotation = spectral_norm(xavier(nn.Linear(ndf, 4), 1.0))

    def forward(self, x):
        h = F.relu(self.blocks(x)).sum(dim=(2, 3))
        return self.linear(h), self.rotation(h)


def rotate_quarters(x):
    """(x with example i turned i * 4 // N quarter turns, those counts).

    Mimicry's _rotate_batch: consecutive quarters of the batch are turned by
    0, 1, 2, 3 quarter turns counter-clockwise (torch.rot90 on H, W; the same
    direction as Mimicry's _rot_tensor and the engine's Rotations).  Each run
    of equal counts is rotated as one slice.
    """
    n = x.shape[0]
    labels = torch.arange(n) * 4 // n
    parts = [torch.rot90(x[labels == k], k, dims=(2, 3)) for k in range(4)]
    return torch.cat(parts), labels


def gan_logit(out):
    """The real/fake logit of a D output (SSGAN's D also returns rotations)."""
    return out[0] if isinstance(out, tuple) else out


def rotation_loss(d, x):
    """Cross-entropy of D's rotation logits on x rotated in quarters: its own
    forward pass of D on the rotated batch, as Mimicry's compute_ss_loss."""
    rotated, labels = rotate_quarters(x)
    return F.cross_entropy(d(rotated)[1], labels)


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
    if name == "sngan32":
        return SnganG(), SnganD(), (128,), (3, 32, 32)
    if name == "ssgan32":
        return SnganG(), SsganD(), (128,), (3, 32, 32)
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


def train_gflop_per_img(g, d, zshape, xshape, n_dis, ss):
    """Training FLOPs per real image: 1 MAC = 2 FLOP, fwd+bwd = 3x fwd.

    Per iteration G runs forward n_dis times (one fake batch per D step) and
    backward once ((n_dis + 2) x G fwd); D runs forward+backward twice per D
    step (real, detached fake) and once for the G step ((6 n_dis + 3) x D fwd);
    n_dis real batches are consumed.  Small overcount: D's first-layer input
    gradient is not needed for the D step.

    With the rotation task (ss) D runs one more forward+backward per D step
    (rotated real batch) and one more in the G step (rotated fake batch, its
    gradient flowing back to G): (9 n_dis + 6) x D fwd.  md includes the
    rotation head (both heads run on every pass); small overcount: each head
    is backpropagated only in the passes whose loss uses it.  The rotations
    themselves are copies and, like softmax/cross-entropy, count no MACs.
    """
    mg = forward_macs(g, torch.zeros(1, *zshape))
    md = forward_macs(d, torch.zeros(1, *xshape))
    d_fwd = (9 * n_dis + 6) if ss else (6 * n_dis + 3)
    return mg, md, 2 * ((n_dis + 2) * mg + d_fwd * md) / n_dis / 1e9


def losses(name, batch):
    """(D loss of real, fake logits; G loss of fake logits; n_dis; betas)."""
    if name == "sngan32":   # conf/experiments/sngan-cifar10.conf
        return (lambda r, f: F.relu(1 - r).mean() + F.relu(1 + f).mean(),
                lambda f: -f.mean(), 5, (0.0, 0.9))
    if name == "ssgan32":   # Mimicry's SSGAN: hinge loss, n_dis 2
        return (lambda r, f: F.relu(1 - r).mean() + F.relu(1 + f).mean(),
                lambda f: -f.mean(), 2, (0.0, 0.9))
    bce = nn.BCEWithLogitsLoss()   # non-saturating loss, numerically stable
    ones = torch.ones(batch, 1)
    zeros = torch.zeros(batch, 1)
    return (lambda r, f: bce(r, ones) + bce(f, zeros),
            lambda f: bce(f, ones), 1, (0.5, 0.999))


# Rotation-loss weights (D, G) of the models with SSGAN's rotation task:
# Mimicry's ss_loss_scale defaults, 1.0 for D and 0.2 for G.
SS_SCALES = {"ssgan32": (1.0, 0.2)}


def bench(name, batch, warmup, seconds):
    g, d, zshape, xshape = build(name)
    d_loss, g_loss, n_dis, betas = losses(name, batch)
    ss = SS_SCALES.get(name)
    mg, md, gflop = train_gflop_per_img(g, d, zshape, xshape, n_dis, ss)
    g.train()
    d.train()
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=betas)
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=betas)
    # One fixed "real" batch: data loading is not what we are comparing.
    real = torch.rand(batch, *xshape) * 2 - 1

    def step():
        for _ in range(n_dis):
            # D step: real batch and a fresh fake batch (detached: no G
            # gradients); separate passes, as the engine runs them (spectral
            # norm then does one power iteration per pass in both).
            fake = g(torch.randn(batch, *zshape))
            opt_d.zero_grad(set_to_none=True)
            loss = d_loss(gan_logit(d(real)), gan_logit(d(fake.detach())))
            if ss:   # SSGAN: + rotation loss of the real batch, own pass
                loss = loss + ss[0] * rotation_loss(d, real)
            loss.backward()
            opt_d.step()
        # G step reuses the last fake batch against the updated D (Mimicry
        # draws a fresh one for SSGAN's G step; the engine's loop reuses it).
        opt_g.zero_grad(set_to_none=True)
        loss = g_loss(gan_logit(d(fake)))
        if ss:   # SSGAN: + rotation loss of the fake batch, own pass
            loss = loss + ss[1] * rotation_loss(d, fake)
        loss.backward()
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
    ips = iters * n_dis * batch / elapsed   # real images consumed
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
