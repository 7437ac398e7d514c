#!/usr/bin/env bash
# The search step at (a) and (b) with the launcher defaults and with MinHeapFreeRatio=20/MaxHeapFreeRatio=40, after the shared ReLU.
#   bash docs/evidence/speed2/heap2.sh > docs/evidence/speed2/heap2-DATE.txt
cd "$(dirname "$0")/../../.."
B="--C 16 --layers 8 --batch 64 --size 32 --channels 3 --first-order-only --steps 3"
A="--C 8 --layers 5 --batch 32 --size 28 --channels 1 --first-order-only --steps 3"
echo "# $(date -u +%FT%TZ) commit $(git rev-parse --short HEAD)"
for i in 1 2; do
  echo "a default $(./darts4j bench search-step $A 2>/dev/null | tail -1)"
  echo "a 20/40   $(DARTS4J_JAVA_OPTS='-XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40' ./darts4j bench search-step $A 2>/dev/null | tail -1)"
done
echo "b 20/40   $(DARTS4J_JAVA_OPTS='-XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40' ./darts4j bench search-step $B 2>/dev/null | tail -1)"
echo "b default $(./darts4j bench search-step $B 2>/dev/null | tail -1)"
echo "# $(date -u +%FT%TZ) done"
