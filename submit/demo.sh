#!/usr/bin/env bash
# The end-to-end demo on the embedded default: local Spark, the bundled Fashion-MNIST test split.
#   submit/demo.sh [output folder]        (default: target/demo)
# Ingests the sample into a Parquet dataset, then prints a Spark SQL summary of it. Safe to re-run.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
out="${1:-$SPARKGAN_HOME/target/demo}"
mkdir -p "$out"
dataset="$(cd "$out" && pwd)/fashion-mnist-test"

"$SPARKGAN_HOME/submit/local.sh" ingest --format idx --input "$SPARKGAN_HOME/notebooks-data/fashion-mnist" \
  --output "$dataset" --overwrite
"$SPARKGAN_HOME/submit/local.sh" sql --dataset "images=$dataset" \
  --file "$SPARKGAN_HOME/notebooks-data/sql/dataset-summary.sql"
echo "Dataset: $dataset (manifest: $dataset/_manifest.json)"
