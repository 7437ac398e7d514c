#!/usr/bin/env bash
# Compiles the shared kernel source to the PTX files the CUDA backend loads (kept in the repository, so that the build
# needs no CUDA). Run after editing kernels.cl; GpuKernelSourceTest checks that the PTX matches the source where nvcc
# exists. PTX for compute_75 is compiled by the driver for any newer card (H100/H200 included).
set -euo pipefail
cd "$(dirname "$0")/src/main/resources/org/darts4j/gpu"
NVCC=${NVCC:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}
for t in float double; do
  if [ "$t" = float ]; then s=double; else s=float; fi
  "$NVCC" -ptx -x cu -arch=compute_75 -std=c++14 -DREAL=$t -DOTHER=$s -DACCUM=double -o kernels-$t.ptx kernels.cl
  # a stamp of the source the PTX was built from (the test compares it with kernels.cl)
  sed -i "1i // darts4j kernels.cl sha256 $(sha256sum kernels.cl | cut -c1-64)" kernels-$t.ptx
done
