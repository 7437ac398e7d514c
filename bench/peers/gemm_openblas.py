#!/usr/bin/env python3
"""Float32 GEMM GFLOP/s of numpy on OpenBLAS, the peer of GemmBenchmark.

Usage: OPENBLAS_NUM_THREADS=T python3 gemm_openblas.py N [N ...]
Prints one JSON line per size: {"n", "threads", "median_ms", "gflops", "blas_core"} (median of 30 timed runs after 5
warm-up runs). The thread count must be set in the environment before numpy loads OpenBLAS.
"""
import ctypes
import ctypes.util
import glob
import json
import os
import statistics
import sys
import time

import numpy as np


def blas_core():
    """OpenBLAS's own name for the kernel it runs, or 'unknown' when the BLAS is not OpenBLAS."""
    for path in glob.glob("/usr/lib/x86_64-linux-gnu/openblas*/libblas.so.3") + [ctypes.util.find_library("openblas") or ""]:
        if not path:
            continue
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            return lib.openblas_get_corename().decode()
        except (OSError, AttributeError):
            continue
    return "unknown"


def main():
    threads = int(os.environ.get("OPENBLAS_NUM_THREADS", "0") or 0)
    rng = np.random.default_rng(1)
    for n in map(int, sys.argv[1:]):
        a = rng.uniform(-1, 1, (n, n)).astype(np.float32)
        b = rng.uniform(-1, 1, (n, n)).astype(np.float32)
        for _ in range(5):
            a @ b
        times = []
        for _ in range(30):
            t = time.perf_counter()
            a @ b
            times.append(time.perf_counter() - t)
        med = statistics.median(times)
        print(json.dumps({"n": n, "threads": threads, "median_ms": med * 1e3, "gflops": 2 * n ** 3 / med / 1e9,
                          "blas_core": blas_core()}))


if __name__ == "__main__":
    main()
