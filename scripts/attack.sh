#!/usr/bin/env bash
# Tries darts4j with bad inputs and faults, as a hostile user would, and prints the figures of the issue
# "Nothing lost, whatever the input": inputs tried, clear one-line errors, valid inputs accepted, data lost, hangs or
# memory blow-ups, stack traces, errors of more than one line.
#
#   bash scripts/attack.sh [WORK_DIR]      (from the repository root, after the jar is built; about 5 minutes on 2 cores)
#
# Every case runs under `timeout` with a 1 GiB heap, in WORK_DIR (default: a new temporary folder), and never touches
# a path outside it. A case passes when the outcome is the expected one: "refuse" (exit status not 0, standard error one
# line that starts with "darts4j:" and names a problem, nothing written where nothing should be) or "accept" (exit 0).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work"
cd "$work"
export DARTS4J_JAVA_OPTS="-Xmx1g"
d4j="$root/darts4j"
LIMIT=${ATTACK_TIMEOUT:-300}

tried=0; clear=0; accepted=0; lost=0; hung=0; traces=0; multiline=0; wrong=0
declare -a failures=()

# run NAME EXPECT ARGS... : runs darts4j ARGS, classifies the outcome; EXPECT is accept, or refuse=TEXT (the error
# must name TEXT, so that a refusal for another reason is not counted as clear)
run() {
  local name=$1 expect=$2 want=""; shift 2
  case $expect in refuse=*) want=${expect#refuse=}; expect=refuse;; esac
  tried=$((tried + 1))
  timeout "$LIMIT" "$d4j" "$@" > "out.$tried" 2> "err.$tried"
  local rc=$? err lines
  err=$(grep -v '^WARNING: Using incubator' "err.$tried")
  lines=$(printf '%s' "$err" | grep -c . || true)
  if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then hung=$((hung + 1)); failures+=("$name: hung or killed (rc $rc)"); return; fi
  if printf '%s' "$err" | grep -q $'\tat \|Exception in thread\|OutOfMemoryError'; then traces=$((traces + 1)); failures+=("$name: stack trace"); fi
  if [ "$expect" = accept ]; then
    if [ $rc -eq 0 ]; then accepted=$((accepted + 1)); else wrong=$((wrong + 1)); failures+=("$name: refused a valid input (rc $rc): $err"); fi
    return
  fi
  if [ $rc -eq 0 ]; then wrong=$((wrong + 1)); failures+=("$name: accepted silently"); return; fi
  # picocli's usage errors add a second line "Try 'darts4j ... --help'."
  local first; first=$(printf '%s\n' "$err" | grep -v "^Try 'darts4j" | grep . )
  if [ "$(printf '%s\n' "$first" | grep -c .)" -ne 1 ]; then multiline=$((multiline + 1)); failures+=("$name: $lines lines: $(printf '%s' "$err" | head -3 | tr '\n' '|')"); return; fi
  if ! printf '%s' "$first" | grep -q '^darts4j: '; then wrong=$((wrong + 1)); failures+=("$name: not a darts4j error: $first"); return; fi
  if [ ${#first} -lt 30 ]; then wrong=$((wrong + 1)); failures+=("$name: cryptic: $first"); return; fi
  if [ -n "$want" ] && ! printf '%s' "$first" | grep -qF -- "$want"; then wrong=$((wrong + 1)); failures+=("$name: refused for another reason: $first"); return; fi
  clear=$((clear + 1))
  echo "  $name -> $first"
}

# unchanged PATH... : fails the last case as data loss when a file changed since `snapshot`
snapshot() { sha256sum "$@" > snapshot.sha 2>/dev/null; }
unchanged() { if ! sha256sum --quiet -c snapshot.sha > /dev/null 2>&1; then lost=$((lost + 1)); failures+=("$1: data lost or changed"); fi; }

# a small classification table (4 features, 2 classes) and a regression one
{ echo "f1,f2,f3,f4,label"; for i in $(seq 1 64); do echo "$((i % 7)).5,$((i % 3)),$((i % 5)).25,1,$((i % 2))"; done; } > toy.csv
# and 48 toy images of 1x8x8 for the searches (which need images that two reductions can halve)
python3 - <<'EOF'
import random, struct, zipfile
def npy(descr, shape, data, fmt):
    d = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (descr, ", ".join(map(str, shape)) + ("," if len(shape) == 1 else ""))
    d += " " * ((64 - (10 + len(d) + 1) % 64) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(d)) + d.encode() + struct.pack("<%d%s" % (len(data), fmt), *data)
random.seed(1)
y = [i % 2 for i in range(48)]
x = [random.gauss(0, 1) + (1 if (k % 8 < 4) == (y[i] == 1) else 0) for i in range(48) for k in range(64)]
with zipfile.ZipFile("toy.npz", "w") as z:
    z.writestr("x.npy", npy("<f4", (48, 1, 8, 8), x, "f"))
    z.writestr("y.npy", npy("<i8", (48,), y, "q"))
EOF
TRAIN=(train --model small-resnet --dataset csv:toy.csv --blocks 1,1 --width 4 --batch-size 16)
SEARCH=(search --dataset npz:toy.npz --batch-size 8 --channels 2 --layers 3 --epochs 1)

echo "== options"
run "unknown option" refuse=--bogus "${TRAIN[@]}" --out r0 --bogus
run "negative --train-subset" refuse=--train-subset "${TRAIN[@]}" --out r1 --train-subset -10
run "negative --threads" refuse=--threads "${TRAIN[@]}" --out r2 --threads -3
run "negative --grad-clip" refuse=--grad-clip "${TRAIN[@]}" --out r3 --grad-clip -1
run "momentum 2" refuse=--momentum "${TRAIN[@]}" --out r4 --momentum 2
run "NaN learning rate" refuse=--lr "${TRAIN[@]}" --out r5 --lr NaN
run "zero epochs" refuse=epochs "${TRAIN[@]}" --out r6 --epochs 0
run "unknown model" refuse=resnet99 train --model resnet99 --dataset csv:toy.csv --out r7
run "unknown dtype" refuse=int8 "${TRAIN[@]}" --out r8 --dtype int8
run "search momentum 2" refuse=--momentum "${SEARCH[@]}" --out s1 --momentum 2
run "search arch betas" refuse=--arch-betas "${SEARCH[@]}" --out s2 --arch-betas 0.5
run "search unknown estimator" refuse=magic "${SEARCH[@]}" --out s3 --hypergradient magic
run "keep-checkpoints 0" refuse=--keep-checkpoints "${TRAIN[@]}" --out r9 --keep-checkpoints 0
for f in r0 r1 r2 r3 r4 r5 r6 r7 r8 r9 s1 s2 s3; do [ -e "$f" ] && { lost=$((lost + 1)); failures+=("refused option left $f behind"); }; done

echo "== run folders"
run "a valid run" accept "${TRAIN[@]}" --out good --epochs 1
mkdir -p thesis && echo precious > thesis/chapter1.tex && snapshot thesis/chapter1.tex
run "--out on a folder of other files (train)" refuse=chapter1.tex "${TRAIN[@]}" --out thesis
run "--out on a folder of other files (search)" refuse=chapter1.tex "${SEARCH[@]}" --out thesis
unchanged "--out on a folder of other files"
[ "$(ls thesis | wc -l)" -eq 1 ] || { lost=$((lost + 1)); failures+=("files added to a folder of other files"); }
echo x > a-file
run "--out on a file" refuse="not a folder" "${TRAIN[@]}" --out a-file
mkdir -p locked/sub && chmod 500 locked
if [ "$(id -u)" -ne 0 ]; then run "--out not writable" refuse=locked "${TRAIN[@]}" --out locked/sub/run; fi
chmod 700 locked
run "--out on an existing run" refuse="already holds a run" "${TRAIN[@]}" --out good
run "--resume with --lr" refuse=--lr train --resume good --lr 0.5
run "--resume with --epochs (search)" refuse=--epochs search --resume good --epochs 9
run "--resume of a missing folder" refuse=nowhere train --resume nowhere
snapshot good/config.json good/checkpoint.json
"$d4j" "${TRAIN[@]}" --out busy --epochs 4 > /dev/null 2>&1 &
bg=$!
for i in $(seq 1 100); do [ -f busy/run.lock ] && break; sleep 0.2; done
run "a second run on a folder in use" refuse="in use by another run" train --resume busy
wait $bg
grep -q '"seed" : 0' busy/config.json || { lost=$((lost + 1)); failures+=("the second run wrote into the first one's folder"); }
mkdir -p stale && cp good/* stale/ 2>/dev/null
( exec sleep 0 ) & deadpid=$!; wait $deadpid
printf 'pid=%s\nhost=%s\nstarted=2026-01-01T00:00:00Z\n' "$deadpid" "$(cat /proc/sys/kernel/hostname)" > stale/run.lock
run "a stale lock is taken over" accept train --resume stale

echo "== files that are not regular"
mkfifo fifo.png 2>/dev/null && run "data info --png onto a FIFO" refuse="not a regular file" data info --dataset csv:toy.csv --png fifo.png
[ -p fifo.png ] || { lost=$((lost + 1)); failures+=("the FIFO was replaced"); }
mkdir -p adir.png
run "data info --png onto a folder" refuse="not a regular file" data info --dataset csv:toy.csv --png adir.png
echo old > real.png && ln -sf real.png link.png
run "data info --png through a symlink" accept data info --dataset csv:toy.csv --png link.png
[ -L link.png ] || { lost=$((lost + 1)); failures+=("the symlink was replaced by a file"); }

echo "== checkpoints"
"$d4j" "${TRAIN[@]}" --out ck --epochs 3 > /dev/null 2>&1
python3 - ck/checkpoint-epoch-0003.npz <<'EOF'
import sys
p = sys.argv[1]; b = bytearray(open(p, 'rb').read()); b[len(b) // 2] ^= 0x10; open(p, 'wb').write(b)
EOF
run "a flipped byte in the newest checkpoint falls back" accept train --resume ck
grep -q "resumed from checkpoint-epoch-0002.npz" "err.$tried" "out.$tried" || { wrong=$((wrong + 1)); failures+=("no fall-back warning"); }
echo "half" > ck/.checkpoint-epoch-0009.npz4711.tmp
run "a stray temporary file is cleaned" accept train --resume ck
[ -e ck/.checkpoint-epoch-0009.npz4711.tmp ] && { wrong=$((wrong + 1)); failures+=("stray .tmp left"); }

echo "== kill -9 and a full disk"
"$d4j" "${TRAIN[@]}" --out straight --epochs 3 > /dev/null 2>&1
"$d4j" "${TRAIN[@]}" --out killed --epochs 3 > /dev/null 2>&1 &
victim=$!
for i in $(seq 1 300); do [ -f killed/checkpoint-epoch-0001.npz ] && break; sleep 0.1; done
kill -9 $victim 2>/dev/null; wait $victim 2>/dev/null
run "resume after kill -9 (stale lock left behind)" accept train --resume killed
cmp -s straight/checkpoint-epoch-0003.npz killed/checkpoint-epoch-0003.npz \
  || { lost=$((lost + 1)); failures+=("the resumed run's last checkpoint differs from the uninterrupted run's"); }
if [ "$(id -u)" -eq 0 ] && mkdir -p small && mount -t tmpfs -o size=64k tmpfs small 2>/dev/null; then
  cp toy.csv small/
  run "a full disk" refuse="No space left on device" "${TRAIN[@]/toy.csv/small/toy.csv}" --out small/run --epochs 3
  [ -n "$(find small -name '.*.tmp')" ] && { lost=$((lost + 1)); failures+=("a full disk left temporary files"); }
  umount small
fi

echo "== divergence"
run "search --lr 1e6" refuse=N "${SEARCH[@]}" --out div1 --lr 1e6
[ -e div1/genotype.txt ] && { wrong=$((wrong + 1)); failures+=("a diverged search wrote a genotype"); }
run "train --lr 1e4 --grad-clip 0" refuse=N "${TRAIN[@]}" --out div2 --lr 1e4 --grad-clip 0 --epochs 2

echo "== locale"
DARTS4J_JAVA_OPTS="-Xmx1g -Duser.language=de -Duser.country=DE" run "a German locale" accept "${TRAIN[@]}" --out de --epochs 2
awk -F, 'NR > 1 && NF != 7 { bad = 1 } END { exit bad }' de/metrics.csv || { lost=$((lost + 1)); failures+=("decimal commas in metrics.csv"); }

echo "== data"
run "--data-dir missing" refuse="no such folder" train --model small-resnet --dataset fashion-mnist --data-dir nowhere --out d1
mkdir -p emptydir
run "--data-dir without the files" refuse="not found" train --model small-resnet --dataset fashion-mnist --data-dir emptydir --out d2
run "--data-dir a file" refuse="not a folder" train --model small-resnet --dataset fashion-mnist --data-dir a-file --out d3
printf 'a,gr\xf6\xdfe,label\n1,2,0\n' > latin1.csv
run "a Latin-1 CSV" refuse=UTF-8 "${TRAIN[@]/toy.csv/latin1.csv}" --out d4
printf 'a,a,label\n1,2,0\n3,4,1\n' > dup.csv
run "duplicate CSV headers" refuse=twice "${TRAIN[@]/toy.csv/dup.csv}" --out d5
{ echo "a,label"; echo "1,0"; echo "2,NaN"; echo "3,1"; } > nan.csv
run "a NaN label" refuse=NaN "${TRAIN[@]/toy.csv/nan.csv}" --out d6
{ echo "a,label"; echo "1,0"; echo "2,-1"; echo "3,1"; } > minus.csv
run "a -1 label" refuse=negative "${TRAIN[@]/toy.csv/minus.csv}" --out d7
{ echo "a,label"; echo "1,0"; echo "2,2000000000"; } > huge.csv
run "a label of 2e9" refuse=2000000000 "${TRAIN[@]/toy.csv/huge.csv}" --out d8
: > empty.csv
run "an empty CSV" refuse=empty "${TRAIN[@]/toy.csv/empty.csv}" --out d9
head -c 100 toy.csv > cut.csv
run "a truncated CSV" refuse=columns "${TRAIN[@]/toy.csv/cut.csv}" --out d10
printf '\x93NUMPY\x02\x00\xfb\xff\xff\xff' > len.npy
run "an NPY header length out of range" refuse="header length" data info --dataset npy:len.npy,len.npy
python3 - <<'EOF'
import struct, zipfile
d = "{'descr': '<f4', 'fortran_order': False, 'shape': (50000, 50000), }"
open('big.npy', 'wb').write(b'\x93NUMPY\x01\x00' + struct.pack('<H', len(d)) + d.encode())
hdr = "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }"
npy = b'\x93NUMPY\x01\x00' + struct.pack('<H', len(hdr)) + hdr.encode() + struct.pack('<qq', 1, 2)
with zipfile.ZipFile('bomb.npz', 'w', zipfile.ZIP_DEFLATED) as z:
    with z.open('y.npy', 'w', force_zip64=True) as f:
        f.write(npy)
        for _ in range(8192): f.write(bytes(1 << 20))
    z.writestr('x.npy', npy)
EOF
run "an NPY of 2.5e9 elements" refuse=2500000000 data info --dataset npy:big.npy,big.npy
run "an NPZ zip bomb (8 GiB inflated)" refuse="more bytes than its array" data info --dataset npz:bomb.npz
head -c 300 bomb.npz > cut.npz
run "a truncated NPZ" refuse="not an NPZ" data info --dataset npz:cut.npz
run "an unknown data set" refuse=imagenet "${TRAIN[@]/csv:toy.csv/imagenet}" --out d11

echo
echo "inputs tried: $tried"
echo "clear one-line errors: $clear"
echo "valid inputs accepted: $accepted"
echo "data-loss cases: $lost"
echo "hangs or memory blow-ups: $hung"
echo "stack traces: $traces"
echo "errors of more than one line: $multiline"
echo "wrong outcomes (silently accepted, refused when valid, cryptic): $wrong"
for f in "${failures[@]}"; do echo "  FAILED $f"; done
[ ${#failures[@]} -eq 0 ]
