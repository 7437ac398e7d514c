#!/usr/bin/env bash
# The README's main job before Speed II (84e72df) and now, one after the other on one machine, build excluded
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | xargs) model $(grep -m1 '^model' /proc/cpuinfo | cut -d: -f2 | xargs)"
for d in "$@"; do
  echo "## $(git -C "$d" rev-parse --short HEAD): /usr/bin/time ./darts4j search"
  (cd "$d" && /usr/bin/time -f "wall_s=%e user_s=%U sys_s=%S peak_rss_kb=%M" ./darts4j search 2>&1 | grep -v '^WARNING' | grep -iE "epoch|genotype|wall_s|error" | tail -12)
done
echo "# $(date -u +%FT%TZ) done"
