#!/usr/bin/env bash
# Runs a sparkgan job on a Spark standalone cluster:
#   submit/standalone.sh --master spark://HOST:PORT [spark-submit options] <job> [options]
# Uses $SPARK_HOME/bin/spark-submit when SPARK_HOME is set; otherwise starts spark-submit from the project's own
# classpath (the cluster's Spark must then be 3.5.x for Scala 2.12, as the project's). Client deploy mode.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
split_submit_args "$@"
if [[ ! " ${SUBMIT_ARGS[*]-} " == *" --master spark://"* ]]; then
  echo "Usage: submit/standalone.sh --master spark://HOST:PORT [spark-submit options] <job> [options]" >&2
  exit 2
fi
ensure_jar
if [[ -n "${SPARK_HOME:-}" ]]; then
  exec "$SPARK_HOME/bin/spark-submit" --properties-file "$SPARKGAN_CONF/spark-defaults.conf" \
    --class "$SPARKGAN_MAIN" "${SUBMIT_ARGS[@]}" "$SPARKGAN_JAR" "${JOB_ARGS[@]}"
fi
submit_from_project_classpath "${SUBMIT_ARGS[@]}" "$SPARKGAN_JAR" "${JOB_ARGS[@]}"
