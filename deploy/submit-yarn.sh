#!/usr/bin/env bash
# spark-submit of one gss command to YARN (HADOOP_CONF_DIR or YARN_CONF_DIR must point at the cluster's configuration):
#   deploy/submit-yarn.sh [--conf key=value]... <gss command> [arguments]...
# e.g.  GSS_NUM_EXECUTORS=8 deploy/submit-yarn.sh token-cache build --config conf/cityscapes-r101-ff.conf
#
# YARN settings (environment):
#   GSS_DEPLOY_MODE     cluster (default: the driver runs in a YARN container; the --config file and the files it
#                       includes are shipped as an archive and --config is rewritten to point into it) | client
#   GSS_NUM_EXECUTORS   executors (default 2); GSS_YARN_QUEUE: the queue (default: YARN's default)
#   GSS_REMOTE_HOME     where this project (deploy/gpu-discovery.sh) lives on the NodeManagers (default: the same path)
# Dataset roots and outputs must be on a file system every container reads (hdfs://, s3a://).
# YARN GPU scheduling needs the yarn.io/gpu resource type; Spark maps spark.executor.resource.gpu to it.
# Common settings (memory, cores, GPU, S3, dry run): see deploy/gss-submit-lib.sh and docs/deploy.md.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=gss-submit-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/gss-submit-lib.sh"

gss_parse_args "$@"
gss_refuse_secrets "$@"
if [ -z "${HADOOP_CONF_DIR:-}" ] && [ -z "${YARN_CONF_DIR:-}" ] && [ "${GSS_DRY_RUN:-0}" != "1" ]; then
  gss_die "set HADOOP_CONF_DIR (or YARN_CONF_DIR) to the cluster's Hadoop configuration"
fi
mode="${GSS_DEPLOY_MODE:-cluster}"
gss_common_confs "${GSS_REMOTE_HOME:-$GSS_HOME}/deploy" "$mode"
GSS_SHIP=()
if [ "$mode" = "cluster" ]; then
  gss_ship_config
fi

submit="$(gss_spark_submit)"
jar="$(gss_find_jar)"
cmd=("$submit" --master yarn --deploy-mode "$mode" --name "gss ${GSS_ARGS[0]}"
  --driver-memory "${GSS_DRIVER_MEMORY:-4g}" --num-executors "${GSS_NUM_EXECUTORS:-2}")
if [ -n "${GSS_YARN_QUEUE:-}" ]; then
  cmd+=(--queue "$GSS_YARN_QUEUE")
fi
cmd+=("${GSS_SHIP[@]}" "${GSS_CONFS[@]}" "${GSS_USER_CONFS[@]}" --class org.gss.cli.Main "$jar"
  "${GSS_ARGS[@]}")
gss_exec "${cmd[@]}"
