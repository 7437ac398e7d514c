#!/usr/bin/env bash
# Search step (a), first order, with the launcher's heap defaults and with two tighter free-ratio settings, alternated.
cd "$(dirname "$0")/../../.."
A="--C 8 --layers 5 --batch 32 --size 28 --channels 1 --threads 2 --steps 3 --first-order-only"
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); commit $(git rev-parse --short HEAD)"
for round in 1 2; do
  echo "default $( { /usr/bin/time -f rss_kb=%M ./darts4j bench search-step $A; } 2>&1 | tr '\n' ' ')"
  echo "20/40   $( { DARTS4J_JAVA_OPTS="-XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40" /usr/bin/time -f rss_kb=%M ./darts4j bench search-step $A; } 2>&1 | tr '\n' ' ')"
  echo "10/20   $( { DARTS4J_JAVA_OPTS="-XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20" /usr/bin/time -f rss_kb=%M ./darts4j bench search-step $A; } 2>&1 | tr '\n' ' ')"
done
