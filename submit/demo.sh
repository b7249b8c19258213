#!/usr/bin/env bash
# The end-to-end demo on the embedded default: local Spark, the bundled Fashion-MNIST test split.
#   submit/demo.sh [output folder]        (default: target/demo; SPARKGAN_DEMO_STEPS=N trains N steps, not 300)
# Ingests the sample into a Parquet dataset and prints a Spark SQL summary of it, then trains a small DCGAN with
# two data-parallel workers for a few hundred steps (checkpoints, metrics, sample grids and an animated GIF) and
# prints a summary of its training metrics. Then scores every checkpoint with a domain classifier trained on the
# sample (trained once per output folder, tested on a fifth of the images it never saw), prints the scores with
# Spark SQL and draws them. Safe to re-run: each run trains a new trial, and the sweep scores only what is new.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
out="${1:-$SPARKGAN_HOME/target/demo}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
dataset="$out/fashion-mnist-test"
trial="demo-$(date -u +%Y%m%d-%H%M%S)"

"$SPARKGAN_HOME/submit/local.sh" ingest --format idx --input "$SPARKGAN_HOME/notebooks-data/fashion-mnist" \
  --output "$dataset" --overwrite
"$SPARKGAN_HOME/submit/local.sh" sql --dataset "images=$dataset" \
  --file "$SPARKGAN_HOME/notebooks-data/sql/dataset-summary.sql"

# Two workers on local[2]; each round trains 5 steps per worker, then averages them.
"$SPARKGAN_HOME/submit/local.sh" train --config "$SPARKGAN_HOME/conf/experiments/dcgan-fashion-mnist.conf" \
  --set "data.source=\"$dataset\"" --set train.workers=2 --set train.steps="${SPARKGAN_DEMO_STEPS:-300}" --set data.batch-size=32 \
  --set train.average-every=5 --set train.checkpoint-every=100 --set train.sample-every=25 --set train.log-every=25 \
  --output "$out/runs" --trial-id "$trial"
run="$out/runs/dcgan-fashion-mnist/$trial"
"$SPARKGAN_HOME/submit/local.sh" sql --train-metrics "$run" \
  --file "$SPARKGAN_HOME/notebooks-data/sql/train-summary.sql"

# A domain classifier for the scores (Inception-v3 is no judge of 28x28 grey garments): trained once.
classifier="$out/classifier"
if [[ ! -d "$classifier/classifier" ]]; then
  "$SPARKGAN_HOME/submit/local.sh" train-classifier --dataset "$dataset" --split test --test-split test \
    --set data.holdout=0.2 --output "$classifier"
fi
# Score every checkpoint of every demo trial not scored yet (fcd, kcd, cs, precision/recall, density/coverage).
table="$out/gan-metrics"
"$SPARKGAN_HOME/submit/local.sh" evaluate --runs "$out/runs" --table "$table" --extractor "classifier:$classifier" \
  --samples 2000
"$SPARKGAN_HOME/submit/local.sh" sql --results "$table" --file "$SPARKGAN_HOME/notebooks-data/sql/eval-summary.sql"
"$SPARKGAN_HOME/submit/local.sh" report --table "$table" --out "$out/report-$trial"
echo "Dataset: $dataset (manifest: $dataset/_manifest.json)"
echo "Training run: $run (watch it learn: $run/samples/progress.gif)"
echo "Scores: $table (query with submit/local.sh sql --results $table); plots: $out/report-$trial/index.html"
