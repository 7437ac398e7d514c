#!/usr/bin/env bash
# Third sitting (2026-12-01, a 2-core AMD EPYC with AVX2 only, not the AVX-512 EPYC of the first two): darts4j at BASE
# (a checkout of 0fe5e2e, built with mvn package) against this checkout (stride-1 convolutions on the padded image's
# shifted rows, weights packed once, GEMM with beta = 0) and the PyTorch peers, alternated.
#   BASE=/path/to/0fe5e2e-checkout [AFTER=/path/to/4efdc7f-checkout] bash docs/evidence/speed2/sitting3.sh > docs/evidence/speed2/sitting3-DATE.txt 2>&1
# (AFTER defaults to this checkout; give a separate built checkout when this one is being edited meanwhile, since the
# launcher rebuilds a checkout whose sources are newer than its jar.)
cd "$(dirname "$0")/../../.."
AFTER=${AFTER:-$PWD}
A="--C 8 --layers 5 --batch 32 --size 28 --channels 1 --threads 2 --steps 3"
B="--C 16 --layers 8 --batch 64 --size 32 --channels 3 --threads 2 --steps 3"
R="--model resnet20 --batch 128 --size 28 --channels 1 --threads 2 --steps 3"
D="--model darts --genotype DARTS_V2 --C 16 --layers 8 --batch 64 --size 28 --channels 1 --threads 2 --steps 3"
run() { local name=$1; shift; echo "$name $( { /usr/bin/time -f "rss_kb=%M" "$@" ; } 2>&1 | grep -v '^WARNING' | tr '\n' ' ')"; }
peer() { run "peer  " env MALLOC_MMAP_THRESHOLD_=4000000000 MALLOC_TRIM_THRESHOLD_=4000000000 MALLOC_TOP_PAD_=536870912 /usr/bin/python3 "$@"; }
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(grep -m1 -o -w -E 'avx512f|avx2' /proc/cpuinfo | sort | tail -1); before $(git -C "$BASE" rev-parse --short HEAD), after $(git -C "$AFTER" rev-parse --short HEAD)"
echo "## train step, ResNet-20 batch 128 1x28x28"
for pair in 1 2; do
  peer bench/peers/torch_train_step.py $R
  run "before" "$BASE/darts4j" bench train-step $R
  run "after " "$AFTER/darts4j" bench train-step $R
done
echo "## train step, DARTS_V2 C 16, 8 cells, batch 64, 1x28x28, no auxiliary head"
for pair in 1 2; do
  peer bench/peers/torch_train_step.py $D
  run "before" "$BASE/darts4j" bench train-step $D
  run "after " "$AFTER/darts4j" bench train-step $D
done
echo "## search step (a), first and second order"
for pair in 1 2; do
  peer bench/peers/torch_search_step.py $A
  run "before" "$BASE/darts4j" bench search-step $A --no-exact
  run "after " "$AFTER/darts4j" bench search-step $A --no-exact
done
echo "## search step (b), first order"
for pair in 1 2; do
  peer bench/peers/torch_search_step.py $B --first-order-only
  run "before" "$BASE/darts4j" bench search-step $B --first-order-only
  run "after " "$AFTER/darts4j" bench search-step $B --first-order-only
done
echo "# $(date -u +%FT%TZ) done"
