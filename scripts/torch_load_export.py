#!/usr/bin/env python3
"""Loads a DARTS evaluation network exported by `./darts4j export RUN_FOLDER --out model.npz` into PyTorch.

    import sys; sys.path.insert(0, "scripts")
    from torch_load_export import load
    net = load("model.npz")          # reads model.json beside it; an nn.Module in eval mode, float32
    logits, _ = net(x)               # x: [N, in_channels, H, W], normalised as the training run normalised it

The network is the one darts4j's conformance oracle defines (conformance/generate/reference.py, `EvalNetwork`, with
the reference's module names), so every array of the NPZ lands on the parameter or buffer of the same name.

    /usr/bin/python3 scripts/torch_load_export.py model.npz --check inputs.npz
compares the network's evaluation-mode logits on `x` of inputs.npz with its `logits` (|got - expected| <= 1e-5 +
1e-5·|expected|), prints the largest difference and exits 1 when they differ.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "conformance", "generate"))
import reference as ref  # noqa: E402


def load(npz_path, dtype=torch.float32):
    with open(npz_path[:-4] + ".json") as f:
        side = json.load(f)
    if side.get("model") != "darts":
        raise SystemExit("%s: a '%s' export; this script builds the DARTS evaluation network only" % (npz_path, side.get("model")))
    net = ref.EvalNetwork(side["C"], side["num_classes"], side["layers"], side["auxiliary"],
                          ref.parse_genotype(side["genotype"]), side["in_channels"]).to(dtype)
    with np.load(npz_path) as z:
        state = {k: torch.tensor(z[k]) for k in z.files}
    own = net.state_dict()
    unknown = sorted(set(state) - set(own))
    missing = sorted(k for k in set(own) - set(state) if not k.endswith("num_batches_tracked"))
    if unknown or missing:
        raise SystemExit("%s: names differ from the PyTorch network's: unknown %s, missing %s" % (npz_path, unknown[:5], missing[:5]))
    for k, v in state.items():
        if own[k].shape != v.shape:
            raise SystemExit("%s: %s has shape %s, the PyTorch network's %s" % (npz_path, k, tuple(v.shape), tuple(own[k].shape)))
    net.load_state_dict({k: v.to(own[k].dtype) for k, v in state.items()}, strict=False)
    return net.eval()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("npz")
    ap.add_argument("--check", metavar="INPUTS.npz", help="an NPZ with x and the logits darts4j computed")
    a = ap.parse_args()
    net = load(a.npz)
    print("loaded %s: %d parameters" % (a.npz, sum(p.numel() for p in net.parameters())))
    if a.check:
        with np.load(a.check) as z:
            x, want = torch.tensor(z["x"], dtype=torch.float32), z["logits"]
        with torch.no_grad():
            got = net(x)[0].numpy()
        diff = np.abs(got - want)
        ok = bool(np.all(diff <= 1e-5 + 1e-5 * np.abs(want)))
        print("logits: largest |PyTorch - darts4j| = %.3e over %d values: %s" % (diff.max(), diff.size, "match" if ok else "DIFFER"))
        sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
