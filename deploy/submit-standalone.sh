#!/usr/bin/env bash
# spark-submit of one gss command to a Spark standalone cluster:
#   GSS_MASTER=spark://master:7077 deploy/submit-standalone.sh [--conf key=value]... <gss command> [arguments]...
# e.g.  GSS_MASTER=spark://m:7077 deploy/submit-standalone.sh index --config conf/cityscapes-r101-ff.conf
#
# Standalone settings (environment):
#   GSS_MASTER        the Master's URL (required)
#   GSS_TOTAL_CORES   spark.cores.max for this application (default: every core the Workers offer)
#   GSS_DEPLOY_MODE   client (default: the driver runs here, next to conf/) | cluster (the driver runs on a Worker:
#                     the jar, the --config file and every path must then exist on the Workers too)
#   GSS_REMOTE_HOME   where this project (deploy/gpu-discovery.sh) lives on the Workers (default: the same path)
# Common settings (memory, cores, GPU, S3, dry run): see deploy/gss-submit-lib.sh and docs/deploy.md.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=gss-submit-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/gss-submit-lib.sh"

gss_parse_args "$@"
gss_refuse_secrets "$@"
[ -n "${GSS_MASTER:-}" ] || gss_die "set GSS_MASTER to the Master's URL, e.g. spark://master:7077"
mode="${GSS_DEPLOY_MODE:-client}"
gss_common_confs "${GSS_REMOTE_HOME:-$GSS_HOME}/deploy" "$mode"

submit="$(gss_spark_submit)"
jar="$(gss_find_jar)"
cmd=("$submit" --master "$GSS_MASTER" --deploy-mode "$mode" --name "gss ${GSS_ARGS[0]}"
  --driver-memory "${GSS_DRIVER_MEMORY:-4g}")
if [ -n "${GSS_TOTAL_CORES:-}" ]; then
  cmd+=(--total-executor-cores "$GSS_TOTAL_CORES")
fi
cmd+=("${GSS_CONFS[@]}" "${GSS_USER_CONFS[@]}" --class org.gss.cli.Main "$jar" "${GSS_ARGS[@]}")
gss_exec "${cmd[@]}"
