#!/usr/bin/env bash
# Usage: bash docs/evidence/peers/run.sh > docs/evidence/peers/run-DATE.txt   (needs ../shared beside the clone)
# The repository's PyTorch peer against the one docs/benchmarks.md used until 2026-12-01, alternated, configuration (a).
cd "$(dirname "$0")/../../.."   # the repository root
a="--C 8 --layers 5 --batch 32 --size 28 --channels 1 --threads 2 --steps 3 --first-order-only"
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for pair in 1 2; do
  echo "repository $(/usr/bin/python3 bench/peers/torch_search_step.py $a)"
  echo "shared     $(/usr/bin/python3 ../shared/refbench/torch_darts.py time $a)"
done
