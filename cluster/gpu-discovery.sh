#!/usr/bin/env bash
# Spark's GPU discovery script (spark.executor.resource.gpu.discoveryScript): the GPUs nvidia-smi lists on this
# executor's machine, in the JSON Spark expects: {"name": "gpu", "addresses": ["0", "1", ...]}.
set -euo pipefail
ids=$(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null | tr -d ' ' | sed 's/.*/"&"/' | paste -sd, - || true)
echo "{\"name\": \"gpu\", \"addresses\": [${ids}]}"
