#!/bin/bash
# Issue 14 item 3: short A/B runs of the recipe options that may close the EGRU-LSTM gap, each against the new default
# (log-unigram decoder bias). PTB, 2 epochs, seeds 1 and 2, the documented batch 32 x 35 recipe, one core per run.
# Resumable: rerun the script; finished runs are skipped, interrupted ones resume from their checkpoint.
# usage: docs/runs/ab-recipe.sh OUT_DIR [PARALLEL=2]      then: docs/runs/ab-table.sh OUT_DIR
set -u
out=${1:?output directory}; parallel=${2:-2}
repo=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out" && cd "$out"
[ -d bin ] || dotnet publish "$repo/src/Sparsity.Cli" -c Release -o bin > publish.log 2>&1 || { cat publish.log; exit 1; }
data=${PTB:-$repo/../shared/data/ptb}

declare -A variants=(
  [base]=""
  [projection]="--hidden 256,256,256 --projection"
  [theta0.05]="--threshold-mean 0.05"
  [theta0.1]="--threshold-mean 0.1"
  [theta-trained]="--threshold-lr 1"
  [theta-sigmoid-trained]="--threshold-param sigmoid --threshold-lr 1"
  [no-bias-decay]="--no-bias-decay"
)

run() {
  local name=$1 seed=$2 extra=$3 tag="$1-s$2"
  [ -f "$tag.done" ] && return
  local resume=""; [ -f "$tag.ckpt" ] && resume="--resume"
  SPARSITY_THREADS=1 dotnet bin/Sparsity.Cli.dll train --model egru --data "$data" --hidden 256,256,128 --embedding 128 \
    --epochs 2 --batch 32 --bptt 35 --lr 2e-3 --beta1 0 --clip 0.25 --wd 0.1 --dropout 0,0.1,0.1,0.1,0 --seed "$seed" \
    --checkpoint "$tag.ckpt" --checkpoint-every 200 --probe-every 100 --curve "$tag-curve.csv" --health "$tag-health.csv" \
    --test-batch 10 $extra $resume >> "$tag.log" 2>&1 && touch "$tag.done"
}

jobs_running() { jobs -rp | wc -l; }
for seed in 1 2; do
  for name in base projection theta0.05 theta0.1 theta-trained theta-sigmoid-trained no-bias-decay; do
    while [ "$(jobs_running)" -ge "$parallel" ]; do sleep 5; done
    run "$name" "$seed" "${variants[$name]}" &
  done
done
wait
