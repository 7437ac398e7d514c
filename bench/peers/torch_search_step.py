#!/usr/bin/env python3
"""PyTorch peer of `./darts4j bench search-step`: the DARTS search step timed in PyTorch, same JSON keys.

The network, the architect and the weight step are those of conformance/generate/reference.py (the project's own
statement of the reference DARTS code, checked against the public conformance cases), in float32:
  weight_step_s              L_train forward and backward, gradient clipping to 5, SGD with momentum and weight decay
  arch_step_first_order_s    ∇α L_val(w, α) and an Adam step on α
  arch_step_second_order_s   the reference's second-order step: virtual step, ∇ at w′, finite difference at w ± R·v
and their sums search_step_*_s, each the median of --steps timed repetitions after one warm-up, plus the peak
resident memory of the process (VmHWM).

  /usr/bin/python3 bench/peers/torch_search_step.py --C 8 --layers 5 --batch 32 --size 28 --channels 1 --threads 2
"""
import argparse
import json
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "conformance", "generate"))
import reference as ref  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from timing import median_s, peak_rss_mib  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for k, v in dict(C=8, layers=5, batch=32, size=28, channels=1, classes=10, threads=2, steps=3, seed=0).items():
        ap.add_argument("--" + k, type=int, default=v)
    ap.add_argument("--first-order-only", action="store_true")
    ap.add_argument("--device", default="cpu", help="cpu, or cuda (each timed step then ends with torch.cuda.synchronize())")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    dev = torch.device(a.device)
    sync = torch.cuda.synchronize if dev.type == "cuda" else (lambda: None)
    net = ref.SearchNetwork(a.C, a.classes, a.layers, in_channels=a.channels, dtype=torch.float32).to(dev)
    net.alphas_normal = net.alphas_normal.detach().to(dev).requires_grad_(True)
    net.alphas_reduce = net.alphas_reduce.detach().to(dev).requires_grad_(True)
    x = torch.randn(a.batch, a.channels, a.size, a.size, device=dev)
    y = torch.randint(0, a.classes, (a.batch,), device=dev)
    xv = torch.randn(a.batch, a.channels, a.size, a.size, device=dev)
    yv = torch.randint(0, a.classes, (a.batch,), device=dev)
    sgd = torch.optim.SGD(net.parameters(), 0.025, momentum=0.9, weight_decay=3e-4)
    adam = torch.optim.Adam(net.arch_parameters(), lr=3e-4, betas=(0.5, 0.999), weight_decay=1e-3)

    def weight_step():
        sgd.zero_grad()
        net.loss(x, y).backward()
        nn.utils.clip_grad_norm_(net.parameters(), 5.0)
        sgd.step()

    def arch_step(unrolled):
        g = ref.architecture_gradient(net, x, y, xv, yv, 0.025, 0.9, 3e-4, ref.momentum_buffers(net, sgd), unrolled)
        adam.zero_grad()
        for p, gp in zip(net.arch_parameters(), g):
            p.grad = gp
        adam.step()

    out = dict(engine="pytorch-" + torch.__version__, threads=a.threads, C=a.C, layers=a.layers, batch=a.batch, size=a.size,
               channels=a.channels, dtype="float32", device=torch.cuda.get_device_name(dev) if dev.type == "cuda" else "cpu", params=sum(p.numel() for p in net.parameters()))
    w = median_s(weight_step, a.steps, sync)
    f1 = median_s(lambda: arch_step(False), a.steps, sync)
    out.update(weight_step_s=w, arch_step_first_order_s=f1, search_step_first_order_s=w + f1)
    if not a.first_order_only:
        f2 = median_s(lambda: arch_step(True), a.steps, sync)
        out.update(arch_step_second_order_s=f2, search_step_second_order_s=w + f2)
    out["peak_rss_mib"] = peak_rss_mib()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
