#!/usr/bin/env bash
# Scheduled token-cache rebuild (deploy/cron/token-cache.cron runs it; docs/token-cache.md).
#   token-cache-rebuild.sh CONFIG [--variant NAME] [--set key=value]...
# Runs `gss token-cache build --config CONFIG ...`; after a successful build, with GSS_TOKEN_CACHE_GC=1, also
# `gss token-cache gc` (keeps gss.token-cache.keep-versions versions). A rebuild with nothing to do ends in seconds
# with "cache up to date: version X, 0 samples to encode".
# Environment:
#   GSS_HOME        the gss checkout or install (default: two folders above this script); bin/gss runs embedded Spark
#   GSS_SUBMIT      if set, run on a cluster instead: one of deploy/submit-{standalone,yarn,k8s}.sh, which adds the
#                   JVM flags (deploy/jvm-flags), Kryo and memory settings; it reads its own environment (GSS_MASTER,
#                   GSS_JAR, ...: see deploy/gss-submit-lib.sh); GSS_SUBMIT_ARGS: leading spark-submit --conf pairs
#   GSS_CMD         replaces the whole gss invocation (tests point it at a stand-in)
#   GSS_TOKEN_CACHE_GC=1  run gc after a successful build
# Exit codes: those of gss (0 ok, 1 job failure, 2 usage/configuration), 3 if a rebuild of this cache is still running
# on this host (flock; the cache's own _lock also stops concurrent builds from other hosts, naming the holder).
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: $0 CONFIG [--variant NAME] [--set key=value]..." >&2
  exit 2
fi
config="$1"
shift
if [ ! -f "$config" ]; then
  echo "token-cache-rebuild: config file not found: $config" >&2
  exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
GSS_HOME="${GSS_HOME:-$(cd "$here/../.." && pwd)}"

gss() {
  if [ -n "${GSS_CMD:-}" ]; then
    # shellcheck disable=SC2086
    $GSS_CMD "$@"
  elif [ -n "${GSS_SUBMIT:-}" ]; then
    # shellcheck disable=SC2086
    "$GSS_SUBMIT" ${GSS_SUBMIT_ARGS:-} "$@"
  else
    "$GSS_HOME/bin/gss" "$@"
  fi
}

# one rebuild per config on this host: cron may start the next run while a long one is still encoding
lock="${TMPDIR:-/tmp}/gss-token-cache-$(printf '%s' "$(cd "$(dirname "$config")" && pwd)/$(basename "$config")" | cksum | cut -d' ' -f1).lock"
exec 9>"$lock"
if ! flock -n 9; then
  echo "token-cache-rebuild: a rebuild with $config is still running on this host (lock $lock); skipping this run" >&2
  exit 3
fi

echo "token-cache-rebuild: $(date -u +%Y-%m-%dT%H:%M:%SZ) build --config $config $*"
status=0
gss token-cache build --config "$config" "$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "token-cache-rebuild: build failed with exit code $status" >&2
  exit "$status"
fi
if [ "${GSS_TOKEN_CACHE_GC:-0}" = "1" ]; then
  gss token-cache gc --config "$config" "$@"
fi
