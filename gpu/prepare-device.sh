#!/usr/bin/env bash
# Builds what the GPU machine needs, which has no Java, Maven or network: device-bundle/ (ignored by git) with a
# jlink'd JRE and the darts4j jar (JCuda natives inside). The conformance cases (conformance/cases) and the PyTorch
# peer (bench/peers) are tracked files, so they reach the device with the working tree.
# Then, on the device:  bash gpu/device-check.sh    (carry device-bundle; results land in $OUT or device-bundle/out)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bundle="$root/device-bundle"
rm -rf "$bundle" && mkdir -p "$bundle"
mvn -q -B -o -Dstyle.color=never package -DskipTests -pl darts -am
cp darts/target/darts4j.jar "$bundle/"
# the carry limit is 64 MiB: leave out natives of other platforms, JCuda's PTX compiler (kernels come as PTX) and the
# PDF fonts of the charts library
zip -q -d "$bundle/darts4j.jar" 'lib/libJNvPTXCompiler*' 'lib/*arm64*' 'lib/*apple*' 'lib/*windows*' 'lib/*.dll' \
  'org/apache/fontbox/*' 'org/apache/pdfbox/*' >/dev/null || true
jdk="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
# the modules the jar uses (java.desktop for charts and fonts is left out: the device check draws nothing)
"$jdk/bin/jlink" --add-modules java.base,java.logging,java.management,java.sql,java.xml,java.naming,jdk.unsupported,jdk.incubator.vector,jdk.management \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$bundle/jre"
strip --strip-unneeded "$bundle/jre/lib/server/libjvm.so" 2>/dev/null || true
du -sh "$bundle" "$bundle"/* >&2
