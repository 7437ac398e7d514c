#!/usr/bin/env bash
# Compiles the shared kernel source to the PTX files the CUDA backend loads (kept in the repository, so that the build
# needs no CUDA). Run after editing kernels.cl; KernelSourceTest checks that the PTX matches the source, and where ptxas
# exists that it assembles. PTX for compute_75 is compiled by the driver for any newer card (H100/H200 included).
#
# The PTX ISA version: nvcc writes its own (9.0 for CUDA 13), which drivers older than the CUDA 13 series refuse
# (CUDA_ERROR_UNSUPPORTED_PTX_VERSION). The kernels use nothing newer than ISA 6.3, the oldest that can name sm_75
# (CUDA 10.0, drivers R410 and later), so the header is lowered to it, and ptxas must then assemble the file for sm_75:
# it refuses a header older than an instruction or the target needs.
set -euo pipefail
cd "$(dirname "$0")/src/main/resources/org/darts4j/gpu"
NVCC=${NVCC:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}
PTX_ISA=6.3
for t in float double; do
  if [ "$t" = float ]; then s=double; else s=float; fi
  "$NVCC" -ptx -x cu -arch=compute_75 -std=c++14 -DREAL=$t -DOTHER=$s -DACCUM=double -o kernels-$t.ptx kernels.cl
  sed -i "s/^\.version .*/.version $PTX_ISA/" kernels-$t.ptx
  "$(dirname "$NVCC")/ptxas" -arch=sm_75 -o /dev/null kernels-$t.ptx
  # a stamp of the source the PTX was built from (the test compares it with kernels.cl)
  sed -i "1i // darts4j kernels.cl sha256 $(sha256sum kernels.cl | cut -c1-64)" kernels-$t.ptx
done
