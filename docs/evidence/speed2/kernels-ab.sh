#!/usr/bin/env bash
# Search step (a), first order: darts4j before (BASE, a checkout of the commit before the stride-2 kernels, built with
# mvn package) and after (this checkout), alternated. Usage: BASE=/path/to/base bash docs/evidence/speed2/kernels-ab.sh
cd "$(dirname "$0")/../../.."
A="--C 8 --layers 5 --batch 32 --size 28 --channels 1 --threads 2 --steps 3 --first-order-only"
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); base $(git -C "$BASE" rev-parse --short HEAD), after $(git rev-parse --short HEAD)"
for pair in 1 2; do
  echo "before $("$BASE/darts4j" bench search-step $A)"
  echo "after  $(./darts4j bench search-step $A)"
done
