#!/bin/bash
# Prints the A/B table of docs/runs/ab-recipe.sh from its logs and health CSVs (generated, never typed in).
# Columns: best valid ppl (whole split, after epoch 2), test ppl (batch 10), activity sparsity (test), recurrent MACs/token
# (test), and the largest silent-unit share of any layer at the last epoch validation.
out=${1:?output directory}
cd "$out" || exit 1
echo "| variant | seed | valid ppl | test ppl | activity sparsity | recurrent MACs/token | silent units, worst layer |"
echo "|---|---|---|---|---|---|---|"
for log in *-s[0-9].log; do
  tag=${log%.log}; name=${tag%-s*}; seed=${tag##*-s}
  [ -f "$tag.done" ] || { echo "| $name | $seed | (unfinished) | | | | |"; continue; }
  # The run summary table's row (Spectre plain table: cells separated by │ or |).
  row=$(grep -E "^[│|] *Egru " "$log" | tail -1 | sed 's/│/|/g')
  valid=$(echo "$row" | awk -F'|' '{gsub(/ /,"",$5); print $5}')
  test=$(echo "$row" | awk -F'|' '{gsub(/ /,"",$6); print $6}')
  act=$(echo "$row" | awk -F'|' '{gsub(/ /,"",$7); print $7}')
  macs=$(echo "$row" | awk -F'|' '{gsub(/ /,"",$8); print $8}')
  silent=$(awk -F, 'NR==1{for(i=1;i<=NF;i++) if($i ~ /_silent$/) c[i]=1; next} $1=="epoch"{m=0; for(i in c) if($i>m) m=$i; last=m} END{printf "%.1f %%", 100*last}' "$tag-health.csv")
  echo "| $name | $seed | $valid | $test | $act | $macs | $silent |"
done
