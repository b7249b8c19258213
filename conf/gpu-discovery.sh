#!/usr/bin/env bash
# Spark GPU discovery script: prints this machine's GPUs as a Spark ResourceInformation, e.g.
#   {"name": "gpu", "addresses": ["0", "1"]}
# Spark runs it when an executor (or driver) starts, for spark.executor.resource.gpu.discoveryScript. The addresses
# are nvidia-smi's indices; sparkgan.distributed.ExecutorDevice binds ND4J to the one Spark gives each task.
# Must be on every worker at the same path (or shipped with --files). See README.md, "GPU executors".
set -euo pipefail

if ! indices=$(nvidia-smi --query-gpu=index --format=csv,noheader); then
  echo "gpu-discovery.sh: nvidia-smi failed; is the NVIDIA driver installed on this machine?" >&2
  exit 1
fi

addresses=""
while read -r index; do
  [[ -z "$index" ]] && continue
  addresses+="${addresses:+, }\"$index\""
done <<< "$indices"
echo "{\"name\": \"gpu\", \"addresses\": [$addresses]}"
