#!/usr/bin/env bash
# Runs a sparkgan job on YARN with the cluster's Spark 3.5 installation:
#   submit/yarn.sh [spark-submit options] <job> [options]     e.g. submit/yarn.sh --num-executors 8 ingest ...
# Needs SPARK_HOME and HADOOP_CONF_DIR (or YARN_CONF_DIR). Deploy mode is cluster unless --deploy-mode is given.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
if [[ -z "${SPARK_HOME:-}" ]]; then
  echo "Cannot submit to YARN: SPARK_HOME is not set. Point it at a Spark 3.5 (Scala 2.12) installation." >&2
  exit 2
fi
split_submit_args "$@"
deploy=(--deploy-mode cluster)
if [[ " ${SUBMIT_ARGS[*]-} " == *" --deploy-mode "* ]]; then
  deploy=()
fi
ensure_jar
exec "$SPARK_HOME/bin/spark-submit" --master yarn "${deploy[@]}" \
  --properties-file "$SPARKGAN_CONF/spark-defaults.conf" --class "$SPARKGAN_MAIN" \
  "${SUBMIT_ARGS[@]}" "$SPARKGAN_JAR" "${JOB_ARGS[@]}"
