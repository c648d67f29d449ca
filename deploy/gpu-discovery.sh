#!/usr/bin/env bash
# Spark GPU resource discovery script for gss driver, executors and standalone workers
# (spark.{driver,executor,worker}.resource.gpu.discoveryScript; see docs/gpu.md).
# Prints the GPUs of this machine (or container) as Spark expects them:
#   {"name": "gpu", "addresses": ["0", "1"]}
# The addresses are nvidia-smi's indices. Where GPUs are not isolated per executor (standalone mode), every executor
# on the node sees all of them and must use the address Spark assigned to its task.
# NVIDIA_SMI overrides the nvidia-smi command (tests point it at a stand-in script).
set -euo pipefail

smi="${NVIDIA_SMI:-nvidia-smi}"
if ! command -v "$smi" >/dev/null 2>&1; then
  echo "gpu-discovery.sh: $smi not found: this node has no NVIDIA driver utilities, so no GPU can be offered" >&2
  exit 1
fi
if ! indices="$("$smi" --query-gpu=index --format=csv,noheader)"; then
  echo "gpu-discovery.sh: '$smi --query-gpu=index --format=csv,noheader' failed: $indices" >&2
  exit 1
fi

addresses=""
for index in $indices; do
  if [[ ! "$index" =~ ^[0-9]+$ ]]; then
    echo "gpu-discovery.sh: unexpected GPU index '$index' from $smi" >&2
    exit 1
  fi
  addresses+="${addresses:+, }\"$index\""
done
echo "{\"name\": \"gpu\", \"addresses\": [$addresses]}"
