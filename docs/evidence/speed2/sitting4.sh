#!/usr/bin/env bash
# Fourth to eighth sittings (2026-12-02: the fourth and fifth on a 2-core AMD EPYC of the Zen 5 family, the sixth to eighth on one of the Zen 4 family, both AVX-512): darts4j at NOW (a built checkout;
# default this one) against the PyTorch peers, alternated, peer first in every pair; medians of 3 steps after a
# warm-up inside each process.
#   [NOW=/path/to/built-checkout] bash docs/evidence/speed2/sitting4.sh > docs/evidence/speed2/sitting4-DATE.txt 2>&1
cd "$(dirname "$0")/../../.."
NOW=${NOW:-$PWD}
A="--C 8 --layers 5 --batch 32 --size 28 --channels 1 --threads 2 --steps 3"
B="--C 16 --layers 8 --batch 64 --size 32 --channels 3 --threads 2 --steps 3"
R="--model resnet20 --batch 128 --size 28 --channels 1 --threads 2 --steps 3"
D="--model darts --genotype DARTS_V2 --C 16 --layers 8 --batch 64 --size 28 --channels 1 --threads 2 --steps 3"
run() { local name=$1; shift; echo "$name $( { /usr/bin/time -f "rss_kb=%M" "$@" ; } 2>&1 | grep -v '^WARNING' | tr '\n' ' ')"; }
peer() { run "peer   " env MALLOC_MMAP_THRESHOLD_=4000000000 MALLOC_TRIM_THRESHOLD_=4000000000 MALLOC_TOP_PAD_=536870912 /usr/bin/python3 "$@"; }
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(grep -m1 -o -w -E 'avx512f|avx2' /proc/cpuinfo | sort | tail -1); darts4j $(git -C "$NOW" rev-parse --short HEAD)"
echo "## search step (a), first and second order"
for pair in 1 2 3; do
  peer bench/peers/torch_search_step.py $A
  run "darts4j" "$NOW/darts4j" bench search-step $A --no-exact
done
echo "## train step, ResNet-20 batch 128 1x28x28"
for pair in 1 2 3; do
  peer bench/peers/torch_train_step.py $R
  run "darts4j" "$NOW/darts4j" bench train-step $R
done
echo "## train step, DARTS_V2 C 16, 8 cells, batch 64, 1x28x28, no auxiliary head"
for pair in 1 2 3; do
  peer bench/peers/torch_train_step.py $D
  run "darts4j" "$NOW/darts4j" bench train-step $D
done
echo "## search step (b), first order"
for pair in 1 2; do
  peer bench/peers/torch_search_step.py $B --first-order-only
  run "darts4j" "$NOW/darts4j" bench search-step $B --first-order-only
done
echo "# $(date -u +%FT%TZ) done"
