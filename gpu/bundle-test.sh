#!/usr/bin/env bash
# Checks the bundle that the device check carries and the container copies (gpu/prepare-device.sh), on this machine's
# CPU: its launcher runs `devices` and a tiny search to its genotype with plots (java.desktop), and its archive with the
# tracked files fits the 64 MiB a device run may carry. Exits non-zero on the first failure, naming it.
#   bash gpu/bundle-test.sh [--no-build]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
[ "${1:-}" = "--no-build" ] || bash gpu/prepare-device.sh
launcher="$root/device-bundle/darts4j"
[ -x "$launcher" ] || { echo "bundle-test: $launcher is missing" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$launcher" devices > "$work/devices.txt"
grep -q '^cpu: ' "$work/devices.txt" || { echo "bundle-test: devices printed no cpu line" >&2; cat "$work/devices.txt" >&2; exit 1; }
grep -q '^cuda: ' "$work/devices.txt" || { echo "bundle-test: devices printed no cuda line (is the gpu module in the jar?)" >&2; exit 1; }
"$launcher" search --device cpu --dataset kirigami-synthetic --train-subset 48 --epochs 1 --channels 2 --layers 3 --batch-size 8 \
  --threads 2 --out "$work/search" > "$work/search.log"
for f in genotype.txt normal.png alpha_evolution.png checkpoint.json; do
  [ -s "$work/search/$f" ] || { echo "bundle-test: the bundled search wrote no $f" >&2; tail -5 "$work/search.log" >&2; exit 1; }
done
if unzip -l "$root/device-bundle/darts4j.jar" | grep -qiE 'de/erichseifert/vectorgraphics2d|org/apache/pdfbox'; then
  echo "bundle-test: the jar bundles VectorGraphics2D (LGPL-3.0) or PDFBox, which are excluded on purpose (pom.xml, xchart)" >&2; exit 1
fi
tree_kib=$( (git ls-files -z | xargs -0 stat -c %s 2>/dev/null || true) | awk '{s += $1} END {print int(s / 1024)}')
bundle_kib=$(( $(stat -c %s device-bundle.tar.xz) / 1024 ))
total_mib=$(( (tree_kib + bundle_kib) / 1024 ))
echo "bundle-test: devices and a search ran from the bundle; device-bundle.tar.xz $((bundle_kib / 1024)) MiB + tracked files $((tree_kib / 1024)) MiB = $total_mib MiB (limit 64)"
[ "$total_mib" -lt 64 ] || { echo "bundle-test: $total_mib MiB is over the 64 MiB a device run may carry" >&2; exit 1; }
