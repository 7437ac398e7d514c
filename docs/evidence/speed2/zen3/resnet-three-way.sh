#!/usr/bin/env bash
# ResNet-20's train step three ways, alternated in every round: the PyTorch peer, darts4j at BEFORE and darts4j at AFTER
# (built checkouts; AFTER defaults to this one). Medians of 3 steps after a warm-up inside each process.
#   BEFORE=/path/to/built-checkout [AFTER=...] [ROUNDS=4] bash docs/evidence/speed2/zen3/resnet-three-way.sh > OUT.txt 2>&1
cd "$(dirname "$0")/../../../.."
AFTER=${AFTER:-$PWD}
R="--model resnet20 --batch 128 --size 28 --channels 1 --threads 2 --steps 3"
run() { local name=$1; shift; echo "$name $( { /usr/bin/time -f "rss_kb=%M" "$@" ; } 2>&1 | grep -v '^WARNING' | tr '\n' ' ')"; }
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | xargs) model $(grep -m1 '^model' /proc/cpuinfo | cut -d: -f2 | xargs), $(grep -m1 -o -w -E 'avx512f|avx2' /proc/cpuinfo | sort | tail -1); before $(git -C "$BEFORE" rev-parse --short HEAD), after $(git -C "$AFTER" rev-parse --short HEAD)$(git -C "$AFTER" diff --quiet HEAD || echo '+changes')"
for round in $(seq "${ROUNDS:-4}"); do
  run "peer   " env MALLOC_MMAP_THRESHOLD_=4000000000 MALLOC_TRIM_THRESHOLD_=4000000000 MALLOC_TOP_PAD_=536870912 /usr/bin/python3 bench/peers/torch_train_step.py $R
  run "before " "$BEFORE/darts4j" bench train-step $R
  run "after  " "$AFTER/darts4j" bench train-step $R
done
echo "# $(date -u +%FT%TZ) done"
