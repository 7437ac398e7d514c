#!/usr/bin/env bash
# Second sitting of 2026-12-01: darts4j at MID (a checkout of c36bcde, the "after" of sitting.sh, built with mvn package)
# against this checkout (images of a thread in one GEMM, 4-row GEMM panels) and the PyTorch peers, alternated.
#   MID=/path/to/c36bcde-checkout bash docs/evidence/speed2/sitting2.sh > docs/evidence/speed2/sitting2-DATE.txt 2>&1
cd "$(dirname "$0")/../../.."
A="--C 8 --layers 5 --batch 32 --size 28 --channels 1 --threads 2 --steps 3"
R="--model resnet20 --batch 128 --size 28 --channels 1 --threads 2 --steps 3"
D="--model darts --genotype DARTS_V2 --C 16 --layers 8 --batch 64 --size 28 --channels 1 --threads 2 --steps 3"
run() { local name=$1; shift; echo "$name $( { /usr/bin/time -f "rss_kb=%M" "$@" ; } 2>&1 | grep -v '^WARNING' | tr '\n' ' ')"; }
peer() { run "peer  " env MALLOC_MMAP_THRESHOLD_=4000000000 MALLOC_TRIM_THRESHOLD_=4000000000 MALLOC_TOP_PAD_=536870912 /usr/bin/python3 "$@"; }
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); before $(git -C "$MID" rev-parse --short HEAD), after $(git rev-parse --short HEAD)"
echo "## train step, ResNet-20 batch 128 1x28x28"
for pair in 1 2; do
  peer bench/peers/torch_train_step.py $R
  run "before" "$MID/darts4j" bench train-step $R
  run "after " ./darts4j bench train-step $R
done
echo "## train step, DARTS_V2 C 16, 8 cells, batch 64, 1x28x28, no auxiliary head"
for pair in 1 2; do
  peer bench/peers/torch_train_step.py $D
  run "before" "$MID/darts4j" bench train-step $D
  run "after " ./darts4j bench train-step $D
done
echo "## search step (a), first and second order"
for pair in 1 2; do
  peer bench/peers/torch_search_step.py $A
  run "before" "$MID/darts4j" bench search-step $A --no-exact
  run "after " ./darts4j bench search-step $A --no-exact
done
echo "# $(date -u +%FT%TZ) done"
