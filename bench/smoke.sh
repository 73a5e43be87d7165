#!/usr/bin/env bash
# CTest smoke test for the benchmarks: generate ~1,000 rows, run the driver once, and
# check that statuskey and the reference each wrote one output row per input row.
set -euo pipefail
bench=$1
statuskey=$2
dir=${STATUSKEY_BENCH_SMOKE_DIR:-$(mktemp -d)}
mkdir -p "$dir"
"$bench" generate-rules "$dir/rules.sk" 50
"$bench" generate-data "$dir/data.csv" 1000 50
"$statuskey" check "$dir/rules.sk"
"$bench" run --statuskey "$statuskey" --rules "$dir/rules.sk" --data "$dir/data.csv" --out "$dir" \
  --stream "$dir/data.csv" --repeat 1 | tee "$dir/table.txt"
for file in statuskey-out.csv reference-out.csv; do
  lines=$(wc -l <"$dir/$file")
  if [ "$lines" -ne 1001 ]; then
    echo "bench smoke: $file has $lines lines, expected 1001 (header + 1000 rows)" >&2
    exit 1
  fi
done
grep -q 'end to end: statuskey eval' "$dir/table.txt"
echo "bench smoke: ok"
