#!/usr/bin/env bash
# Token-cache build throughput with 1 and 2 executor threads (local[1] vs local[2]), one ND4J thread per task
# (OMP_NUM_THREADS=1, as the deploy wrappers give each executor core), builds interleaved 1,2,1,2,... into fresh
# cache roots so that load drifts hit both settings alike. Prints each build's images/s and the median ratio.
# usage: tools/bench/token_cache_scaling.sh WORK_DIR ROUNDS   (the settings of docs/token-cache.md "Measurements")
set -euo pipefail
W=${1:?work dir}; ROUNDS=${2:-3}
D=${GSS_DVAE:-testdata/dvae-golden/small}
SETS=(--set gss.work-dir=$W --set gss.synth.width=256 --set gss.synth.height=128 --set gss.synth.train-images=24
  --set gss.synth.val-images=8 --set gss.synth.classes=8 --set gss.maskige.classes=19 --set gss.tokenizer.kind=dvae
  --set gss.tokenizer.encoder-npz=$D/encoder.npz --set gss.tokenizer.decoder-npz=$D/decoder.npz
  --set "gss.train.base-size=[256, 128]" --set "gss.train.scales=[0.5, 0.75, 1.0, 1.25, 1.5]" --set gss.index.shard-size=4)
bin/gss synth "${SETS[@]}" >/dev/null && bin/gss index "${SETS[@]}" >/dev/null
declare -A RATE
for r in $(seq 1 "$ROUNDS"); do
  for n in 1 2; do
    root=$W/scaling-$n-$r; rm -rf "$root"
    line=$(OMP_NUM_THREADS=1 bin/gss token-cache build "${SETS[@]}" --set "gss.spark.master=\"local[$n]\"" \
      --set gss.token-cache.root=$root 2>/dev/null | grep 'images/s' | tail -1)
    rate=$(sed -E 's/.*\(([0-9.]+) images\/s\).*/\1/' <<<"$line")
    RATE[$n,$r]=$rate
    echo "round $r local[$n]: $rate images/s   ($line)   load $(cut -d' ' -f1 /proc/loadavg)"
  done
done
for r in $(seq 1 "$ROUNDS"); do echo "round $r ratio 2/1: $(python3 -c "print(round(${RATE[2,$r]}/${RATE[1,$r]},3))")"; done
python3 -c "
import statistics,sys
r=[float(x) for x in sys.argv[1:]]
print('median ratio 2/1: %.3f' % statistics.median(r))" $(for r in $(seq 1 "$ROUNDS"); do python3 -c "print(${RATE[2,$r]}/${RATE[1,$r]})"; done)
