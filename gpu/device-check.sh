#!/usr/bin/env bash
# The GPU check, run on the lent machine (no Java, Maven or network there): build the bundle first with
# gpu/prepare-device.sh and carry device-bundle.tar.xz (unpacked here into device-bundle/). Lists the devices, runs
# every conformance case of the repository on the device in float32 and float64, times the DARTS search step of the
# speed issue's configurations (a) and (b) with darts4j and with PyTorch CUDA on the same card, runs a 2-epoch search
# killed after its first epoch and resumed (its last checkpoint must equal an uninterrupted run's, byte for byte),
# profiles darts4j's kernels for (b), and writes table.md. Everything lands in $OUT (or device-bundle/out).
#   DEVICE=cuda (default) | opencl      STEPS=3 (timed repetitions)      BUDGET=540 (seconds for everything: the
#   device tool allows 600 a command; each step gets its own cap and never more than what is left)
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bundle="$root/device-bundle"
out="${OUT:-$bundle/out}"
device="${DEVICE:-cuda}"
steps="${STEPS:-3}"
budget="${BUDGET:-540}"
# cap SECONDS: the time a step may take, at most what is left of the budget (at least 1)
cap() { local left=$((budget - SECONDS)); [ "$left" -lt "$1" ] && echo $((left > 1 ? left : 1)) || echo "$1"; }
if [ ! -x "$bundle/jre/bin/java" ] && [ -f "$root/device-bundle.tar.xz" ]; then
  mkdir -p "$bundle" && tar -C "$bundle" -xJf "$root/device-bundle.tar.xz"
fi
mkdir -p "$out"
exec > >(tee -a "$out/device-check.log") 2>&1
java=("$bundle/jre/bin/java" --add-modules jdk.incubator.vector -XX:+UseParallelGC -XX:MaxRAMPercentage=50 -Xmn2g -jar "$bundle/darts4j.jar")
[ -x "$bundle/jre/bin/java" ] || { echo "device-check: $bundle/jre is missing: run gpu/prepare-device.sh and carry device-bundle.tar.xz"; exit 2; }
step() { echo; echo "== $* ($(date -u +%H:%M:%S))"; }

step machine
nvidia-smi -L 2>/dev/null || echo "no nvidia-smi"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>/dev/null || true
"$bundle/jre/bin/java" -version 2>&1 | head -1

step devices
timeout "$(cap 30)" "${java[@]}" devices 2>&1 | grep -v '^WARNING: Using incubator' | tee "$out/devices.txt"

status=0
for dtype in float32 float64; do
  step "conformance on $device, $dtype"
  timeout "$(cap 75)" "${java[@]}" conformance --device "$device" --dtype "$dtype" "$root/conformance/cases" > "$out/conformance-$dtype.txt" 2>&1
  rc=$?; tail -1 "$out/conformance-$dtype.txt"; [ $rc -eq 0 ] || { status=1; tail -5 "$out/conformance-$dtype.txt"; }
done

a=(--C 8 --layers 5 --batch 32 --size 28 --channels 1)
b=(--C 16 --layers 8 --batch 64 --size 32 --channels 3)
bench() {  # NAME CAP ARGS...: one search-step benchmark into NAME.json
  local name=$1 limit=$2; shift 2
  step "darts4j $name on $device"
  timeout "$(cap "$limit")" "${java[@]}" bench search-step "$@" --steps "$steps" --device "$device" > "$out/$name.json" 2> "$out/$name.err"
  echo "rc=$?"; cat "$out/$name.json"; grep -v '^WARNING: Using incubator' "$out/$name.err" | tail -3
}
# cheap and certain first; the long (b) second-order and exact steps last, with what is left
bench darts4j-a 75 "${a[@]}"
bench darts4j-b-first 60 "${b[@]}" --first-order-only

if python3 -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then
  for cfg in a b; do
    declare -n args="$cfg"
    step "PyTorch CUDA search step ($cfg)"
    timeout "$(cap 45)" python3 "$root/bench/peers/torch_search_step.py" --device cuda "${args[@]}" --steps "$steps" \
      > "$out/torch-$cfg.json" 2> "$out/torch-$cfg.err"
    echo "rc=$?"; cat "$out/torch-$cfg.json"; tail -3 "$out/torch-$cfg.err"
  done
else
  echo "no PyTorch with CUDA here: the table has darts4j only"
fi

step "2-epoch search on $device, killed after epoch 1 and resumed"
search=(search --device "$device" --dataset kirigami-synthetic --train-subset 64 --epochs 2 --channels 2 --layers 3 --batch-size 16 --seed 3)
rm -rf "$out/resume"; mkdir -p "$out/resume"
timeout "$(cap 60)" "${java[@]}" "${search[@]}" --out "$out/resume/straight" > "$out/resume/straight.log" 2>&1
"${java[@]}" "${search[@]}" --out "$out/resume/killed" > "$out/resume/killed.log" 2>&1 &
pid=$! deadline=$((SECONDS + $(cap 60)))
while kill -0 "$pid" 2>/dev/null && [ ! -f "$out/resume/killed/checkpoint-epoch-0001.npz" ] && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null   # killed by this shell and reaped by it: its lock names a process that is gone
timeout "$(cap 60)" "${java[@]}" search --device "$device" --resume "$out/resume/killed" > "$out/resume/resumed.log" 2>&1
if cmp -s "$out/resume/straight/checkpoint-epoch-0002.npz" "$out/resume/killed/checkpoint-epoch-0002.npz"; then resume="same bits"
else resume="DIFFERENT (or not finished: see resume/*.log)"; status=1; fi
echo "resumed search: $resume" | tee "$out/resume.txt"

step "kernel profile, (b) first order"
DARTS4J_PROFILE=1 timeout "$(cap 50)" "${java[@]}" bench search-step "${b[@]}" --steps 1 --first-order-only --device "$device" > "$out/profile-b.txt" 2>&1
grep -v '^WARNING: Using incubator' "$out/profile-b.txt" | head -25
DARTS4J_CUBLAS=0 bench darts4j-b-owngemm 50 "${b[@]}" --first-order-only
bench darts4j-b 150 "${b[@]}"

step table
python3 - "$out" <<'PY' || echo "no python3: see the JSON files"
import json, os, sys
out = sys.argv[1]
def load(name):
    try:
        with open(os.path.join(out, name)) as f: return json.loads(f.read().strip().splitlines()[-1])
    except Exception: return None
keys = ["weight_step_s", "arch_step_first_order_s", "search_step_first_order_s", "arch_step_second_order_s", "search_step_second_order_s", "arch_step_exact_s"]
rows = []
try:
    rows += ["devices:", "", "```"] + open(os.path.join(out, "devices.txt")).read().strip().splitlines() + ["```", ""]
except Exception: pass
for dtype in ("float32", "float64"):
    try: rows.append("conformance on the device, %s: %s" % (dtype, open(os.path.join(out, "conformance-%s.txt" % dtype)).read().strip().splitlines()[-1]))
    except Exception: rows.append("conformance on the device, %s: no result" % dtype)
try: rows.append(open(os.path.join(out, "resume.txt")).read().strip())
except Exception: rows.append("resumed search: no result")
rows += ["", "| config | step | darts4j (s) | PyTorch CUDA (s) | ratio |", "|---|---|---|---|---|"]
for cfg in "ab":
    d, t = dict(load("darts4j-%s-first.json" % cfg) or {}), load("torch-%s.json" % cfg)
    d.update(load("darts4j-%s.json" % cfg) or {})
    for k in keys:
        dv, tv = (d or {}).get(k), (t or {}).get(k)
        if dv is None and tv is None: continue
        f = lambda v: "%.4f" % v if isinstance(v, (int, float)) else "-"
        rows.append("| (%s) | %s | %s | %s | %s |" % (cfg, k, f(dv), f(tv), "%.2f" % (dv / tv) if dv and tv else "-"))
    if d: rows.append("| (%s) | device memory peak (MiB) | %.0f | %s | |" % (cfg, d.get("device_peak_mib", -1), "%.0f" % t["peak_device_mib"] if t else "-"))
dev = (load("darts4j-a.json") or {}).get("device", "?")
text = "darts4j on %s; PyTorch %s\n\n" % (dev, (load("torch-a.json") or {}).get("engine", "absent")) + "\n".join(rows) + "\n"
open(os.path.join(out, "table.md"), "w").write(text)
print(text)
PY
exit $status
