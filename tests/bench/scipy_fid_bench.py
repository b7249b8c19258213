#!/usr/bin/env python3
"""Times one FID of two statistics files the way pytorch-fid computes it (scipy.linalg.sqrtm of the product of the
covariances, a complex Schur decomposition, real part kept), for the bench-fid job to compare with.

Usage: scipy_fid_bench.py A.npz B.npz [--repeats N]. Prints 'seconds=<fastest run> fid=<value>'.
"""
import argparse
import os
import time

import numpy as np
from scipy import linalg


def frechet_distance(mu1, sigma1, mu2, sigma2, eps=1e-6):
    diff = mu1 - mu2
    root, _ = linalg.sqrtm(sigma1.dot(sigma2), disp=False)
    if not np.isfinite(root).all():  # pytorch-fid's fallback for a singular product
        shift = np.eye(sigma1.shape[0]) * eps
        root = linalg.sqrtm((sigma1 + shift).dot(sigma2 + shift))
    if np.iscomplexobj(root):
        root = root.real
    return diff.dot(diff) + np.trace(sigma1) + np.trace(sigma2) - 2 * np.trace(root)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("first")
    parser.add_argument("second")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    a = np.load(args.first)
    b = np.load(args.second)
    mu1, sigma1, mu2, sigma2 = a["mu"], a["sigma"], b["mu"], b["sigma"]
    frechet_distance(mu1, sigma1, mu2, sigma2)  # warm-up
    best = float("inf")
    value = None
    for _ in range(args.repeats):
        start = time.perf_counter()
        value = frechet_distance(mu1, sigma1, mu2, sigma2)
        best = min(best, time.perf_counter() - start)
    print("numpy=%s scipy=%s threads=%s" % (np.__version__, __import__("scipy").__version__,
                                            os.environ.get("OMP_NUM_THREADS", "default")))
    print("seconds=%.3f fid=%r" % (best, float(value)))


if __name__ == "__main__":
    main()
