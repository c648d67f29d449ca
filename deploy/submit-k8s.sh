#!/usr/bin/env bash
# spark-submit of one gss command to Kubernetes, with the images of docker/ (the jar, conf/ and deploy/ are inside):
#   GSS_K8S_MASTER=k8s://https://api:6443 GSS_IMAGE=registry/gss-spark:cpu \
#     deploy/submit-k8s.sh [--conf key=value]... <gss command> [arguments]...
# e.g.  ... deploy/submit-k8s.sh evaluate --config conf/ade20k-r101-ff.conf
#
# Kubernetes settings (environment):
#   GSS_K8S_MASTER           the API server as k8s://https://host:port (required)
#   GSS_IMAGE                driver and executor image, built from docker/Dockerfile.cpu or .cuda (required)
#   GSS_K8S_NAMESPACE        namespace (default: default); GSS_K8S_SERVICE_ACCOUNT: the driver's account, allowed to
#                            create executor pods (default: spark)
#   GSS_NUM_EXECUTORS        executor pods (default 2)
#   GSS_DEPLOY_MODE          cluster (default: the driver is a pod too) | client
#   GSS_JAR                  default local:///opt/gss/gss-spark.jar, the jar inside the image (nothing is uploaded)
# A relative --config path (conf/x.conf) is taken inside the image (/opt/gss/conf/x.conf); mount a ConfigMap and pass
# its absolute path for experiment files that are not in the image. Data and outputs: s3a:// or another shared store.
# S3 credentials: the pods' identity (e.g. IRSA's web identity token, which the default chain reads), or
#   GSS_K8S_S3_SECRET        a Secret with keys access-key and secret-key, exposed to driver and executor pods as
#                            AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (only the Secret's name is on the command line);
# never keys here.
# Common settings (memory, cores, GPU, S3, dry run): see deploy/gss-submit-lib.sh and docs/deploy.md.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=gss-submit-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/gss-submit-lib.sh"

GSS_IMAGE_HOME=/opt/gss
gss_parse_args "$@"
gss_refuse_secrets "$@"
[ -n "${GSS_K8S_MASTER:-}" ] || gss_die "set GSS_K8S_MASTER, e.g. k8s://https://api.example:6443"
[ -n "${GSS_IMAGE:-}" ] || gss_die "set GSS_IMAGE to an image built from docker/Dockerfile.cpu or .cuda"
mode="${GSS_DEPLOY_MODE:-cluster}"
# the images unpack ND4J's natives at build time into this folder (docker/Dockerfile.cpu)
GSS_JAVACPP_CACHEDIR="${GSS_JAVACPP_CACHEDIR:-$GSS_IMAGE_HOME/javacpp-cache}"
gss_common_confs "$GSS_IMAGE_HOME/deploy" "$mode"

# relative experiment files are the image's
for i in "${!GSS_ARGS[@]}"; do
  if [ "${GSS_ARGS[$i]}" = "--config" ] && [ -n "${GSS_ARGS[$((i + 1))]:-}" ]; then
    case "${GSS_ARGS[$((i + 1))]}" in
      /*) ;;
      *) GSS_ARGS[i + 1]="$GSS_IMAGE_HOME/${GSS_ARGS[$((i + 1))]}" ;;
    esac
  fi
done

k8s=(
  --conf "spark.kubernetes.container.image=$GSS_IMAGE"
  --conf "spark.kubernetes.namespace=${GSS_K8S_NAMESPACE:-default}"
  --conf "spark.kubernetes.authenticate.driver.serviceAccountName=${GSS_K8S_SERVICE_ACCOUNT:-spark}"
  --conf "spark.executor.instances=${GSS_NUM_EXECUTORS:-2}"
)
if [ -n "${GSS_K8S_S3_SECRET:-}" ]; then
  for side in driver executor; do
    k8s+=(--conf "spark.kubernetes.$side.secretKeyRef.AWS_ACCESS_KEY_ID=$GSS_K8S_S3_SECRET:access-key"
      --conf "spark.kubernetes.$side.secretKeyRef.AWS_SECRET_ACCESS_KEY=$GSS_K8S_S3_SECRET:secret-key")
  done
fi
if [ "${GSS_GPU:-0}" = "1" ]; then
  # the device plugin's resource name; pods are then scheduled on GPU nodes only
  k8s+=(--conf "spark.executor.resource.gpu.vendor=nvidia.com")
fi

submit="$(gss_spark_submit)"
cmd=("$submit" --master "$GSS_K8S_MASTER" --deploy-mode "$mode" --name "gss-${GSS_ARGS[0]}"
  --driver-memory "${GSS_DRIVER_MEMORY:-4g}" "${k8s[@]}" "${GSS_CONFS[@]}" "${GSS_USER_CONFS[@]}"
  --class org.gss.cli.Main "${GSS_JAR:-local://$GSS_IMAGE_HOME/gss-spark.jar}" "${GSS_ARGS[@]}")
gss_exec "${cmd[@]}"
