#!/usr/bin/env python3
"""Float32 GEMM GFLOP/s of darts4j (JMH GemmBenchmark) beside OpenBLAS (numpy), measured in the same run.

Usage (from the repository root, after `mvn -q package -DskipTests`):
    python3 bench/gemm_report.py [--iterations 10]
Prints a Markdown table: n, threads, darts4j median GFLOP/s, OpenBLAS median GFLOP/s, ratio. OpenBLAS is run twice:
with the machine's OPENBLAS_CORETYPE (if set) and with it unset, which lets OpenBLAS pick its own kernel.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIZES = [256, 512, 1024]


def darts4j(iterations):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = f.name
    cmd = ["java", "--add-modules", "jdk.incubator.vector", "-jar", os.path.join(ROOT, "bench/target/benchmarks.jar"),
           "GemmBenchmark", "-wi", "5", "-i", str(iterations), "-w", "1", "-r", "1", "-f", "1",
           "-p", "n=" + ",".join(map(str, SIZES)), "-rf", "json", "-rff", out]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(out) as f:
        results = json.load(f)
    os.unlink(out)
    table = {}
    for r in results:
        n, t = int(r["params"]["n"]), int(r["params"]["threads"])
        raw = [x for fork in r["primaryMetric"]["rawData"] for x in fork]  # ms per op, one per iteration
        table[(n, t)] = 2 * n ** 3 / (statistics.median(raw) * 1e-3) / 1e9
    return table


def openblas(threads, keep_coretype):
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads))
    if not keep_coretype:
        env.pop("OPENBLAS_CORETYPE", None)
        env.pop("OPENBLAS_L2_SIZE", None)
    p = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "bench/peers/gemm_openblas.py")] + list(map(str, SIZES)),
                       env=env, check=True, capture_output=True, text=True)
    rows = [json.loads(l) for l in p.stdout.splitlines() if l.startswith("{")]
    return {(r["n"], threads): (r["gflops"], r["blas_core"]) for r in rows}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iterations", type=int, default=10)
    args = ap.parse_args()
    ours = darts4j(args.iterations)
    peer_own, peer_forced = {}, {}
    for t in (1, 2):
        peer_own.update(openblas(t, keep_coretype=False))
        if "OPENBLAS_CORETYPE" in os.environ:
            peer_forced.update(openblas(t, keep_coretype=True))
    print("| n | threads | darts4j GFLOP/s | OpenBLAS GFLOP/s (kernel) | darts4j / OpenBLAS |"
          + (" OpenBLAS, OPENBLAS_CORETYPE=%s | darts4j / that |" % os.environ["OPENBLAS_CORETYPE"] if peer_forced else ""))
    print("|---|---|---|---|---|" + ("---|---|" if peer_forced else ""))
    for n in SIZES:
        for t in (1, 2):
            g, core = peer_own[(n, t)]
            line = f"| {n} | {t} | {ours[(n, t)]:.1f} | {g:.1f} ({core}) | {ours[(n, t)] / g:.2f} |"
            if peer_forced:
                gf, cf = peer_forced[(n, t)]
                line += f" {gf:.1f} ({cf}) | {ours[(n, t)] / gf:.2f} |"
            print(line)


if __name__ == "__main__":
    sys.exit(main())
