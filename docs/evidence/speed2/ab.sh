#!/usr/bin/env bash
# Alternates two built checkouts on one benchmark: BEFORE and AFTER (default: this checkout), ROUNDS pairs; prints the
# seconds and peak RSS of each run, rounded.
#   BEFORE=/path/to/checkout [AFTER=/path/to/checkout] bash docs/evidence/speed2/ab.sh ROUNDS search-step|train-step ARGS...
r=$1; shift
AFTER=${AFTER:-$(cd "$(dirname "$0")/../../.." && pwd)}
for i in $(seq "$r"); do
  for side in before after; do
    d=$BEFORE; [ $side = after ] && d=$AFTER
    out=$("$d/darts4j" bench "$@" 2>/dev/null | tail -1)
    echo "$side $(echo "$out" | python3 -c 'import json,sys; j=json.loads(sys.stdin.read()); print({k:round(v,3) for k,v in j.items() if k.endswith("_s") or k.startswith("peak")})')"
  done
done
