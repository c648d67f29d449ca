# shellcheck shell=bash
# shellcheck disable=SC2034  # the GSS_* variables set here are read by the wrappers that source this file
# Shared by deploy/submit-{standalone,yarn,k8s}.sh (sourced, never run): builds a spark-submit command line for one
# gss command with everything the jobs need on a cluster. The wrappers differ only in master, deploy mode and where
# the jar and the scripts live on the cluster's machines.
#
# Usage of every wrapper:  deploy/submit-X.sh [--conf key=value]... <gss command> [gss arguments]...
#   Leading --conf pairs go to spark-submit (they win over the defaults below); everything from the gss command on is
#   passed to org.gss.cli.Main unchanged, e.g.  deploy/submit-yarn.sh index --config conf/cityscapes-r101-ff.conf
#
# Environment (all optional unless a wrapper says otherwise):
#   SPARK_HOME / SPARK_SUBMIT     which spark-submit to run (default: $SPARK_HOME/bin/spark-submit, else the PATH's)
#   GSS_JAR                       the application jar (default: the build's gss-spark-jobs/target/*-spark.jar, or
#                                 gss-spark.jar beside deploy/ as in the Docker images)
#   GSS_DEPLOY_MODE               client | cluster (wrapper's default)
#   GSS_DRIVER_MEMORY             driver heap (default 4g)
#   GSS_EXECUTOR_MEMORY           executor heap (default 4g)
#   GSS_EXECUTOR_MEMORY_OVERHEAD  off-heap allowance per executor on YARN/Kubernetes (default 6g): ND4J keeps its
#                                 arrays off the Java heap; see docs/deploy.md for sizing
#   GSS_EXECUTOR_CORES            cores per executor (default 2)
#   GSS_TASK_CPUS                 cores per task, also ND4J's OpenMP threads per task (default 1)
#   GSS_GPU=1                     one GPU per executor and per task (needs the CUDA build of the jar, -Pcuda)
#   GSS_GPU_DISCOVERY_SCRIPT      path of deploy/gpu-discovery.sh on the executors' machines
#   GSS_ND4J_EXTENSION            javacpp platform extension of the ND4J natives (default -onednn; empty with GSS_GPU=1)
#   GSS_JAVACPP_CACHEDIR          where executors unpack ND4J's natives (default ~/.javacpp/cache of the user)
#   GSS_S3_ENDPOINT               S3-compatible endpoint (MinIO, Ceph, ...), with path-style access
#   GSS_DRY_RUN=1                 print the command (one argument per line) instead of running it

GSS_DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
GSS_HOME="${GSS_HOME:-$(cd "$GSS_DEPLOY_DIR/.." && pwd)}"

# Java 17 module openings for Spark, Kryo and ND4J's Kryo serializers: the one list in deploy/jvm-flags (also read by
# bin/gss, the tests and the images, which hold deploy/ at /opt/gss/deploy).
[ -f "$GSS_DEPLOY_DIR/jvm-flags" ] || { echo "gss: $GSS_DEPLOY_DIR/jvm-flags is missing" >&2; exit 2; }
GSS_JAVA17_OPENS=()
while read -r gss_flag _; do
  case "$gss_flag" in '' | '#'*) ;; *) GSS_JAVA17_OPENS+=("$gss_flag") ;; esac
done <"$GSS_DEPLOY_DIR/jvm-flags"

gss_die() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

# Splits the wrapper's arguments: leading "--conf k=v" pairs into GSS_USER_CONFS, the gss command line into GSS_ARGS.
gss_parse_args() {
  GSS_USER_CONFS=()
  GSS_ARGS=()
  while [ "$#" -gt 0 ]; do
    case "$1" in
      --conf)
        [ "$#" -ge 2 ] || gss_die "--conf needs key=value"
        GSS_USER_CONFS+=(--conf "$2")
        shift 2
        ;;
      --conf=*)
        GSS_USER_CONFS+=(--conf "${1#--conf=}")
        shift
        ;;
      -h | --help)
        sed -n '/^# Usage/,/^$/p' "$GSS_DEPLOY_DIR/gss-submit-lib.sh" | sed 's/^# \{0,1\}//' >&2
        exit 0
        ;;
      *)
        break
        ;;
    esac
  done
  [ "$#" -gt 0 ] || gss_die "no gss command given (e.g. index, token-cache, train, evaluate); see --help"
  GSS_ARGS=("$@")
}

# Credentials never travel on a command line (process lists, shell history, Spark's event logs): S3 access comes from
# the AWS default credential chain (environment of the JVMs, ~/.aws, instance or pod identity).
gss_refuse_secrets() {
  local a
  for a in "$@"; do
    if printf '%s' "$a" | grep -Eiq '(secret|access)[._-]?key|session[._-]?token|password'; then
      gss_die "refusing an argument that looks like a credential: '${a%%=*}=...'." \
        "Use the AWS default credential chain (see docs/deploy.md)."
    fi
  done
}

gss_find_jar() {
  if [ -n "${GSS_JAR:-}" ]; then
    echo "$GSS_JAR"
    return
  fi
  local built
  built="$(find "$GSS_HOME/gss-spark-jobs/target" -maxdepth 1 -name 'gss-spark-jobs-*-spark.jar' 2>/dev/null \
    | sort | tail -1)"
  if [ -n "$built" ]; then
    echo "$built"
  elif [ -f "$GSS_HOME/gss-spark.jar" ]; then
    echo "$GSS_HOME/gss-spark.jar"
  else
    gss_die "no application jar: build it with 'mvn -B package' or set GSS_JAR"
  fi
}

gss_spark_submit() {
  if [ -n "${SPARK_SUBMIT:-}" ]; then
    echo "$SPARK_SUBMIT"
  elif [ -n "${SPARK_HOME:-}" ]; then
    echo "$SPARK_HOME/bin/spark-submit"
  else
    if [ "${GSS_DRY_RUN:-0}" != "1" ] && ! command -v spark-submit >/dev/null 2>&1; then
      gss_die "spark-submit not found: set SPARK_HOME or SPARK_SUBMIT"
    fi
    echo spark-submit
  fi
}

# JVM options for driver and executors: openings, the ND4J native build, optionally the natives' cache folder.
gss_jvm_options() {
  local ext
  if [ "${GSS_GPU:-0}" = "1" ]; then
    ext="${GSS_ND4J_EXTENSION-}"
  else
    ext="${GSS_ND4J_EXTENSION--onednn}"
  fi
  local opts=("${GSS_JAVA17_OPENS[@]}" "-Dorg.bytedeco.javacpp.platform.extension=$ext")
  [ -n "${GSS_JAVACPP_CACHEDIR:-}" ] && opts+=("-Dorg.bytedeco.javacpp.cachedir=$GSS_JAVACPP_CACHEDIR")
  echo "${opts[*]}"
}

# The defaults every wrapper passes into GSS_CONFS.
#   $1 = where deploy/ lives on the executors' machines (for the GPU discovery script), $2 = deploy mode
gss_common_confs() {
  local remote_deploy="$1" mode="$2"
  local jvm driver_jvm
  jvm="$(gss_jvm_options)"
  driver_jvm="$jvm"
  # the driver's log4j configuration, when the driver runs here (client mode) and conf/ has one
  if [ "$mode" = "client" ] && [ -f "$GSS_HOME/conf/log4j2.properties" ]; then
    driver_jvm="$jvm -Dlog4j2.configurationFile=file:$GSS_HOME/conf/log4j2.properties"
  fi
  local task_cpus="${GSS_TASK_CPUS:-1}"
  GSS_CONFS=(
    --conf "spark.serializer=org.apache.spark.serializer.KryoSerializer"
    --conf "spark.kryo.registrator=org.gss.jobs.GssKryoRegistrator"
    --conf "spark.kryoserializer.buffer.max=512m"
    --conf "spark.driver.extraJavaOptions=$driver_jvm"
    --conf "spark.executor.extraJavaOptions=$jvm"
    --conf "spark.executor.memory=${GSS_EXECUTOR_MEMORY:-4g}"
    --conf "spark.executor.memoryOverhead=${GSS_EXECUTOR_MEMORY_OVERHEAD:-6g}"
    --conf "spark.driver.memoryOverhead=${GSS_DRIVER_MEMORY_OVERHEAD:-2g}"
    --conf "spark.executor.cores=${GSS_EXECUTOR_CORES:-2}"
    --conf "spark.task.cpus=$task_cpus"
    # one OpenMP team per task, so concurrent tasks do not oversubscribe the executor's cores
    --conf "spark.executorEnv.OMP_NUM_THREADS=$task_cpus"
    # page faults are costly for ND4J's large off-heap buffers (docs/deploy.md)
    --conf "spark.executorEnv.GLIBC_TUNABLES=glibc.malloc.hugetlb=1"
    # S3 through the standard AWS credential chain; never keys in configuration
    --conf "spark.hadoop.fs.s3a.aws.credentials.provider=com.amazonaws.auth.DefaultAWSCredentialsProviderChain"
  )
  if [ -n "${GSS_S3_ENDPOINT:-}" ]; then
    GSS_CONFS+=(--conf "spark.hadoop.fs.s3a.endpoint=$GSS_S3_ENDPOINT"
      --conf "spark.hadoop.fs.s3a.path.style.access=true")
  fi
  if [ "${GSS_GPU:-0}" = "1" ]; then
    GSS_CONFS+=(
      --conf "spark.executor.resource.gpu.amount=1"
      --conf "spark.task.resource.gpu.amount=1"
      --conf "spark.executor.resource.gpu.discoveryScript=${GSS_GPU_DISCOVERY_SCRIPT:-$remote_deploy/gpu-discovery.sh}"
    )
  fi
}

# Where the driver runs in the cluster (YARN cluster mode), the experiment file and the files it includes
# (conf/base/...) travel with the application as an archive, and --config is rewritten to point into it.
# Sets GSS_SHIP (spark-submit options) and GSS_SHIP_TEMP (to delete afterwards).
gss_ship_config() {
  GSS_SHIP=()
  GSS_SHIP_TEMP=""
  local i cfg="" at=-1 inline=0
  for i in "${!GSS_ARGS[@]}"; do
    case "${GSS_ARGS[$i]}" in
      --config)
        at=$((i + 1))
        cfg="${GSS_ARGS[$at]:-}"
        inline=0
        ;;
      --config=*)
        at=$i
        cfg="${GSS_ARGS[$i]#--config=}"
        inline=1
        ;;
    esac
  done
  [ -n "$cfg" ] || return 0
  [ -f "$cfg" ] || gss_die "config file not found: $cfg"
  GSS_SHIP_TEMP="$(mktemp -d)"
  tar -czf "$GSS_SHIP_TEMP/gss-conf.tgz" -C "$(dirname "$cfg")" .
  GSS_SHIP=(--archives "$GSS_SHIP_TEMP/gss-conf.tgz#gss-conf")
  local shipped
  shipped="gss-conf/$(basename "$cfg")"
  if [ "$inline" = 1 ]; then
    GSS_ARGS[at]="--config=$shipped"
  else
    GSS_ARGS[at]="$shipped"
  fi
}

# Runs (or with GSS_DRY_RUN=1 prints) the assembled command; removes GSS_SHIP_TEMP afterwards if set.
gss_exec() {
  if [ "${GSS_DRY_RUN:-0}" = "1" ]; then
    printf '%s\n' "$@"
    [ -n "${GSS_SHIP_TEMP:-}" ] && rm -rf "$GSS_SHIP_TEMP"
    exit 0
  fi
  export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.hugetlb=1}"
  if [ -z "${GSS_SHIP_TEMP:-}" ]; then
    exec "$@"
  fi
  local rc=0
  "$@" || rc=$?
  rm -rf "$GSS_SHIP_TEMP"
  exit "$rc"
}
