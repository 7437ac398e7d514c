#!/usr/bin/env bash
# The search step of each method, alternated in one sitting: ROUNDS rounds of darts, pc-darts, gdas (first order; the
# architecture step is the authors' first-order step for PC-DARTS and GDAS) at the configuration given; one JSON line
# per run, prefixed by the method.
#   bash docs/evidence/methods/bench-methods.sh ROUNDS --C 8 --layers 5 --batch 32 --size 28 --channels 1
r=$1; shift
root=$(cd "$(dirname "$0")/../../.." && pwd)
for i in $(seq "$r"); do
  for m in darts pc-darts gdas; do
    echo "$m $("$root/darts4j" bench search-step --method "$m" --first-order-only --threads 2 "$@" 2>/dev/null | tail -1)"
  done
done
