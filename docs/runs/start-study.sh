#!/bin/bash
# Issue 14 item 4: the first 300 PTB steps of EGRU and LSTM, 5 seeds, log-unigram start (and the zero start for
# contrast), the documented batch 32 x 35 recipe. Whole-split validation at step 300; a one-stream probe of the first
# 2,000 validation tokens every 50 steps. Each run is ~300 steps: rerun the script to finish an interrupted study.
# usage: docs/runs/start-study.sh OUT_DIR [PARALLEL=2]      then: docs/runs/start-table.sh OUT_DIR
set -u
out=${1:?output directory}; parallel=${2:-2}
repo=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out" && cd "$out"
[ -d bin ] || dotnet publish "$repo/src/Sparsity.Cli" -c Release -o bin > publish.log 2>&1 || { cat publish.log; exit 1; }
data=${PTB:-$repo/../shared/data/ptb}
run() {
  local m=$1 seed=$2 bias=$3 n="$1-s$2-$3"
  [ -f "$n.done" ] && return
  SPARSITY_THREADS=1 dotnet bin/Sparsity.Cli.dll train --model "$m" --data "$data" --hidden 256,256,128 --embedding 128 \
    --epochs 1 --max-steps 300 --batch 32 --bptt 35 --lr 2e-3 --beta1 0 --clip 0.25 --wd 0.1 --dropout 0,0.1,0.1,0.1,0 \
    --seed "$seed" --decoder-bias "$bias" --probe-every 50 --probe-tokens 2000 --test-batch 10 --checkpoint-every 0 \
    --health "$n-health.csv" > "$n.log" 2>&1 && touch "$n.done"
}
for spec in "egru unigram" "lstm unigram" "egru zero"; do
  set -- $spec
  for seed in 1 2 3 4 5; do
    [ "$2" = zero ] && [ "$seed" -gt 3 ] && continue
    while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do sleep 5; done
    run "$1" "$seed" "$2" &
  done
done
wait
