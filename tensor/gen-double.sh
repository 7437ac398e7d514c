#!/usr/bin/env bash
# Generates each Double* kernel class from its Float* template: the CPU kernels exist once per element type because
# Java has no generics over primitives. Edit the Float* file, run this script, commit both. A unit test
# (GeneratedSourcesTest) fails when a Double* file is not what this script makes.
set -euo pipefail
cd "$(dirname "$0")/src/main/java/org/darts4j/tensor/cpu"
for f in Float*.java; do
  sed -e '/TWIN-NOTE/!{s/Float/Double/g; s/float/double/g; s/sgemm/dgemm/g}' "$f" > "Double${f#Float}"
done
