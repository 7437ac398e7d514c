#!/usr/bin/env bash
# The same jar on OpenJDK 17 (the default) and Temurin 25, alternated: ResNet-20 train step and search step (a), first order.
# Usage: JDK25=/usr/lib/jvm/temurin-25-jdk-amd64 bash docs/evidence/speed2/jdk25.sh
cd "$(dirname "$0")/../../.."
R="--model resnet20 --batch 128 --size 28 --channels 1 --threads 2 --steps 3"
A="--C 8 --layers 5 --batch 32 --size 28 --channels 1 --threads 2 --steps 3 --first-order-only"
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); commit $(git rev-parse --short HEAD)"
for pair in 1 2; do
  echo "jdk17 $(./darts4j bench train-step $R)"
  echo "jdk25 $(JAVA_HOME=$JDK25 ./darts4j bench train-step $R)"
done
for pair in 1 2; do
  echo "jdk17 $(./darts4j bench search-step $A)"
  echo "jdk25 $(JAVA_HOME=$JDK25 ./darts4j bench search-step $A)"
done
