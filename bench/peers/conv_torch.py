#!/usr/bin/env python3
"""PyTorch peer of Conv2dBenchmark: float32 conv2d forward, input gradient and weight gradient, batch 64.

Usage: python3 conv_torch.py [--threads 2]
Prints one JSON line per shape with the median milliseconds of 20 timed runs (after 5 warm-up runs) of each kernel.
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn.grad as G

SHAPES = ["dw3:16:32", "dw5:16:32", "dil3:16:32", "pw:16:32", "dense3:16:32", "dw3:64:16", "pw:64:16"]
GEOM = {"dw3": (3, 1, 1, True), "dw5": (5, 2, 1, True), "dil3": (3, 2, 2, True), "pw": (1, 0, 1, False), "dense3": (3, 1, 1, False)}


def median_ms(fn):
    for _ in range(5):
        fn()
    t = []
    for _ in range(20):
        s = time.perf_counter()
        fn()
        t.append(time.perf_counter() - s)
    return statistics.median(t) * 1e3


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=64)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    for s in SHAPES:
        kind, c, hw = s.split(":")
        c, hw = int(c), int(hw)
        k, pad, dil, depthwise = GEOM[kind]
        groups = c if depthwise else 1
        x = torch.randn(a.batch, c, hw, hw)
        w = torch.randn(c, c // groups, k, k) * 0.1
        y = torch.nn.functional.conv2d(x, w, padding=pad, dilation=dil, groups=groups)
        gy = torch.randn_like(y)
        with torch.no_grad():
            fwd = median_ms(lambda: torch.nn.functional.conv2d(x, w, padding=pad, dilation=dil, groups=groups))
            gin = median_ms(lambda: G.conv2d_input(x.shape, w, gy, padding=pad, dilation=dil, groups=groups))
            gw = median_ms(lambda: G.conv2d_weight(x, w.shape, gy, padding=pad, dilation=dil, groups=groups))
        print(json.dumps({"shape": s, "threads": a.threads, "forward_ms": fwd, "input_grad_ms": gin, "weight_grad_ms": gw}))


if __name__ == "__main__":
    main()
