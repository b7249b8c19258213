#!/usr/bin/env bash
# The data-parallel training benchmark on a local standalone cluster (a benchmark, not a test):
#   submit/bench-train.sh [bench-train options]      e.g. submit/bench-train.sh --average-every 1,5,10
# Starts a Spark master and two one-core workers as separate JVMs from the project's classpath, submits
# `bench-train` to them with the driver on one native thread (the single-process reference), and stops them.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_jar
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
# The workers build their executors' classpath from SPARK_HOME/jars: link the project's Spark classpath there.
mkdir -p "$work/spark/jars" "$work/spark/conf"
IFS=":" read -r -a jars < "$SPARKGAN_SPARK_CLASSPATH" || true  # one line, no newline at its end
ln -sf "${jars[@]}" "$work/spark/jars/"
port=$(( 20000 + RANDOM % 20000 ))
export SPARK_HOME="$work/spark" SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1
daemon() {  # main class, log name, args...
  local main=$1 log=$2; shift 2
  # shellcheck disable=SC2046 # the JVM flags are meant to split into words
  java $(spark_default spark.driver.extraJavaOptions) -Xmx512m -cp "$(cat "$SPARKGAN_SPARK_CLASSPATH")" "$main" "$@" \
    > "$work/$log.log" 2>&1 &
}
daemon org.apache.spark.deploy.master.Master master --host 127.0.0.1 --port "$port" --webui-port 0
sleep 5
for i in 0 1; do
  daemon org.apache.spark.deploy.worker.Worker "worker-$i" "spark://127.0.0.1:$port" --host 127.0.0.1 \
    --cores 1 --memory 3g --webui-port 0 --work-dir "$work/work-$i"
done
for i in 0 1; do
  for _ in $(seq 120); do grep -q "Successfully registered" "$work/worker-$i.log" 2>/dev/null && break; sleep 0.5; done
done
# Not exec: the trap stops the cluster afterwards. SPARK_HOME is unset so the project's classpath submits.
env -u SPARK_HOME OMP_NUM_THREADS=1 "$SPARKGAN_HOME/submit/standalone.sh" --master "spark://127.0.0.1:$port" \
  --executor-memory 2g bench-train "$@"
