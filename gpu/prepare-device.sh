#!/usr/bin/env bash
# Builds what a GPU machine needs, which may have no Java, Maven or network: device-bundle/ (ignored by git) with a
# jlink'd JRE, the darts4j jar (JCuda natives inside) and a launcher, device-bundle/darts4j. The same bundle goes into
# the container (gpu/Dockerfile); gpu/bundle-test.sh runs it on the CPU. The conformance cases (conformance/cases) and
# the PyTorch peer (bench/peers) are tracked files, so they reach the device with the working tree.
# Then, on the device:  bash gpu/device-check.sh    (carry device-bundle; results land in $OUT or device-bundle/out)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bundle="$root/device-bundle"
rm -rf "$bundle" && mkdir -p "$bundle"
mvn -q -B -Dstyle.color=never package -DskipTests -pl darts -am
cp darts/target/darts4j.jar "$bundle/"
# the carry limit is 64 MiB: leave out natives of other platforms, JCuda's PTX compiler (kernels come as PTX) and the
# PDF fonts of the charts library
zip -q -d "$bundle/darts4j.jar" 'lib/libJNvPTXCompiler*' 'lib/*arm64*' 'lib/*apple*' 'lib/*windows*' 'lib/*.dll' \
  'org/apache/fontbox/*' 'org/apache/pdfbox/*' 'org/fusesource/jansi/internal/native/Windows/*' 'org/fusesource/jansi/internal/native/Mac/*' \
  'org/fusesource/jansi/internal/native/FreeBSD*' 'org/fusesource/jansi/internal/native/Linux/arm*' 'org/fusesource/jansi/internal/native/Linux/x86/*' \
  'org/fusesource/jansi/internal/native/Linux/ppc*' >/dev/null || true
# stored, not deflated: the archive carried to a device (below) compresses the classes far better with xz
repack="$(mktemp -d)"
(cd "$repack" && unzip -q "$bundle/darts4j.jar" && rm "$bundle/darts4j.jar" && zip -q -0 -r -X "$bundle/darts4j.jar" META-INF && zip -q -0 -r -X "$bundle/darts4j.jar" . -x 'META-INF/*')
rm -rf "$repack"
jdk="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
# the modules the jar uses, java.desktop included: a search draws its plots and cell diagrams
"$jdk/bin/jlink" --add-modules java.base,java.desktop,java.logging,java.management,java.sql,java.xml,java.naming,jdk.unsupported,jdk.incubator.vector,jdk.management \
  --strip-debug --no-header-files --no-man-pages --compress=0 --output "$bundle/jre"
strip --strip-unneeded "$bundle/jre/lib/server/libjvm.so" 2>/dev/null || true
cat > "$bundle/darts4j" <<'LAUNCHER'
#!/usr/bin/env bash
# darts4j from the bundle: its own Java runtime, the Vector API, the collector settings of the repository's launcher.
here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
exec "$here/jre/bin/java" --add-modules jdk.incubator.vector -XX:MaxRAMPercentage=75 -XX:+UseSerialGC -XX:PretenureSizeThreshold=65536 -Xmn64m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 \
  -Djava.awt.headless=true ${DARTS4J_JAVA_OPTS:-} -jar "$here/darts4j.jar" "$@" 2> >(grep --line-buffered -v '^WARNING: Using incubator modules' >&2)
LAUNCHER
chmod +x "$bundle/darts4j"
# what a device run carries (the working tree and this file must stay under 64 MiB together): device-check.sh unpacks it
tar -C "$bundle" -cf - jre darts4j.jar darts4j | xz -T0 -6 > "$root/device-bundle.tar.xz.tmp" && mv "$root/device-bundle.tar.xz.tmp" "$root/device-bundle.tar.xz"
ls -la "$root/device-bundle.tar.xz" >&2
du -sh "$bundle" "$bundle"/* >&2
