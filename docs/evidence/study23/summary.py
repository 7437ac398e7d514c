#!/usr/bin/env python3
"""Summarises a search's run folder for the seed study's criteria (issue 23, step 1): mean entropy of softmax(α) per
cell type and epoch against uniform (log 8), parameter-free mass, derived skips, and how many of the 8 edges of each
cell's genotype (an (operation, input) pair kept by its node) are the same in the last three epochs.
  python3 docs/evidence/study23/summary.py RUN_FOLDER [RUN_FOLDER ...]"""
import csv, math, re, sys

UNIFORM = math.log(8)

def genotypes(folder):
    out = []
    for line in open(f"{folder}/genotypes.txt"):
        m = re.search(r"normal=\[(.*?)\], normal_concat.*reduce=\[(.*?)\], reduce_concat", line)
        if m:
            out.append([re.findall(r"\('(\w+)', (\d+)\)", m.group(i)) for i in (1, 2)])
    return out

def stable_edges(gs, cell):
    """Edges of the last epoch's cell kept by the same node in each of the two epochs before."""
    last, kept = gs[-1][cell], 0
    for i, edge in enumerate(last):
        node = i // 2
        if all(edge in g[cell][2 * node:2 * node + 2] for g in gs[-3:-1]):
            kept += 1
    return kept

for folder in sys.argv[1:]:
    rows = list(csv.DictReader(open(f"{folder}/sparsity.csv")))
    metrics = list(csv.DictReader(open(f"{folder}/metrics.csv")))
    print(f"## {folder}")
    for r in rows:
        drop = 100 * (1 - float(r["mean_entropy"]) / UNIFORM)
        print(f"epoch {r['epoch']} {r['cell']:7s} entropy {float(r['mean_entropy']):.4f} ({drop:4.1f}% below uniform) "
              f"parameter-free {float(r['parameter_free_mass']):.3f} skip {float(r['skip_mass']):.3f} "
              f"pooling {float(r['pooling_mass']):.3f} derived skips {r['derived_skips']}")
    for m in metrics:
        print(f"epoch {m['epoch']} mean entropy {float(m['mean_alpha_entropy']):.4f} val accuracy {float(m['val_accuracy']):.3f} {float(m['seconds']):.0f} s")
    gs = genotypes(folder)
    if len(gs) >= 3:
        print(f"edges the same in the last three epochs: normal {stable_edges(gs, 0)} of 8, reduce {stable_edges(gs, 1)} of 8")
    print(f"final genotype: {open(folder + '/genotypes.txt').read().strip().splitlines()[-1]}")
