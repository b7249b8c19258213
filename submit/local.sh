#!/usr/bin/env bash
# Runs a sparkgan job on local Spark, no Spark installation needed:
#   submit/local.sh <job> [options]          e.g. submit/local.sh ingest --format idx --input DIR --output DIR
# The master is local[2] unless SPARKGAN_MASTER says otherwise; the driver heap is SPARKGAN_DRIVER_MEMORY (4g).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
if [[ $# -eq 0 ]]; then
  set -- --help
fi
ensure_jar
submit_from_project_classpath --master "${SPARKGAN_MASTER:-local[2]}" "$SPARKGAN_JAR" "$@"
