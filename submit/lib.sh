# Shared by the submit/*.sh launchers (sourced, not run). Defines where things are and how to read
# conf/spark-defaults.conf, so that no launcher repeats a setting the conf file or the code already holds.
export SPARKGAN_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SPARKGAN_CONF="$SPARKGAN_HOME/conf"
SPARKGAN_JAR="$SPARKGAN_HOME/jobs/target/sparkgan-jobs.jar"
SPARKGAN_SPARK_CLASSPATH="$SPARKGAN_HOME/jobs/target/spark-classpath.txt"
SPARKGAN_MAIN="sparkgan.jobs.Main"
# OpenBLAS's AVX-512 triangular kernels gave wrong answers on a Sapphire Rapids CPU (the metrics refuse them);
# its AVX2 kernels are right. Executors get the same from conf/spark-defaults.conf.
if [[ -z "${OPENBLAS_CORETYPE:-}" ]] && grep -q -m1 -w avx512f /proc/cpuinfo 2>/dev/null; then
  export OPENBLAS_CORETYPE=Haswell
fi

# Value of one key of spark-defaults.conf, read as java.util.Properties reads it (backslash continues a line).
spark_default() {
  sed -e ':a' -e '/\\$/N; s/\\\n[[:space:]]*//; ta' "$SPARKGAN_CONF/spark-defaults.conf" \
    | awk -v key="$1" '$1 == key { sub(/^[^[:space:]]+[[:space:]]+/, ""); print; exit }'
}

# Builds the application jar and the Spark classpath file when either is missing.
ensure_jar() {
  if [[ ! -f "$SPARKGAN_JAR" || ! -f "$SPARKGAN_SPARK_CLASSPATH" ]]; then
    echo "Building $SPARKGAN_JAR (first run only) ..." >&2
    (cd "$SPARKGAN_HOME" && mvn -B -q -DskipTests -pl jobs -am install) >&2
  fi
}

# Starts org.apache.spark.deploy.SparkSubmit from the project's own classpath: a Spark installation is not needed.
# Arguments: spark-submit options (at least --master), then the job and its options.
submit_from_project_classpath() {
  ensure_jar
  # shellcheck disable=SC2046 # the JVM flags are meant to split into words
  exec java $(spark_default spark.driver.extraJavaOptions) \
    -Xmx"${SPARKGAN_DRIVER_MEMORY:-4g}" \
    -Dlog4j.configurationFile="$SPARKGAN_CONF/log4j2.properties" \
    -cp "$(cat "$SPARKGAN_SPARK_CLASSPATH")" \
    org.apache.spark.deploy.SparkSubmit \
    --properties-file "$SPARKGAN_CONF/spark-defaults.conf" \
    --class "$SPARKGAN_MAIN" \
    "$@"
}

# Splits "spark-submit options... <job> [job options]": everything before the first argument that does not start
# with -- (and is not the value of such an option) goes to spark-submit.
split_submit_args() {
  SUBMIT_ARGS=()
  while [[ $# -gt 0 && "$1" == --* ]]; do
    SUBMIT_ARGS+=("$1" "$2")
    shift 2
  done
  JOB_ARGS=("$@")
}
