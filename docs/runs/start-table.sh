#!/bin/bash
# Prints the start-study table of docs/runs/start-study.sh from its logs (generated, never typed in).
out=${1:?output directory}
cd "$out" || exit 1
echo "| model | decoder bias | seed | probe ppl @ 50 / 100 / 200 / 300 | valid ppl @ 300 (whole split) | silent units per layer @ 300 | in surrogate band @ 300 | mean abs(ĉ) @ 300 |"
echo "|---|---|---|---|---|---|---|---|"
for log in $(ls *-s[0-9]-*.log | sort -t- -k3,3 -k1,1 -k2,2); do
  n=${log%.log}; m=${n%%-*}; rest=${n#*-s}; seed=${rest%%-*}; bias=${rest#*-}
  [ -f "$n.done" ] || continue
  probes=$(for s in 50 100 200 300; do grep -E "^probe step $s:" "$log" | sed -E 's/.*valid ppl ([0-9.]+).*/\1/'; done | paste -sd/ | sed 's#/# / #g')
  v=$(grep -E "^epoch .* step 300:" "$log")
  ppl=$(echo "$v" | sed -E 's/.*valid ppl ([0-9.]+).*/\1/')
  silent=$(echo "$v" | grep -o "silent [0-9./]* %" | sed 's/silent //'); band=$(echo "$v" | grep -o "in band [0-9/]* %" | sed 's/in band //')
  abs=$(echo "$v" | grep -o "|ĉ| [0-9./]*" | sed 's/|ĉ| //')
  echo "| $m | $bias | $seed | $probes | $ppl | ${silent:--} | ${band:--} | ${abs:--} |"
done
