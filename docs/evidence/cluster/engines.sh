#!/usr/bin/env bash
# One experiment, two engines (docs/results.md): experiments/kirigami-synthetic.yaml (two seeds) with --engine local
# (one step after another, 2 threads a step) and with Spark in embedded local mode, local[2] with one thread a task
# (two steps at a time). Wall and CPU time from /usr/bin/time. Usage: bash docs/evidence/cluster/engines.sh OUT_DIR
# [ENGINE...] (default: local spark; give "spark local" for the second, alternated pair).
set -euo pipefail
cd "$(dirname "$0")/../../.."
out="${1:?usage: engines.sh OUT_DIR [ENGINE...]}"
shift
engines=("$@")
[ ${#engines[@]} -gt 0 ] || engines=(local spark)
mkdir -p "$out"
echo "== $(date -u +%FT%TZ) $(git rev-parse --short HEAD) $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores"
./darts4j --version >/dev/null 2>&1 || true   # builds the jar first, outside the timings
ls cluster/target/darts4j-cluster.jar >/dev/null 2>&1 || mvn -q -B package -DskipTests -pl cluster -am
for engine in "${engines[@]}"; do
  rm -rf "$out/$engine"
  extra=()
  [ "$engine" = spark ] && extra=(--engine spark --master 'local[2]' --conf spark.task.cpus=1)
  echo "== engine $engine: ./darts4j experiment --config experiments/kirigami-synthetic.yaml --out $out/$engine ${extra[*]}"
  /usr/bin/time -f "engine $engine: wall %e s, user %U s, system %S s, peak RSS %M KiB" \
    ./darts4j experiment --config experiments/kirigami-synthetic.yaml --out "$out/$engine" "${extra[@]}" > "$out/$engine.log" 2>&1 || { tail -5 "$out/$engine.log"; exit 1; }
  tail -1 "$out/$engine.log"
  grep -h "^|" "$out/$engine/results.md" | head -8
done
