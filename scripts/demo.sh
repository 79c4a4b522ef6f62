#!/usr/bin/env bash
# Generates the fictional demo case, imports its lists into demo.reckon and prints the summary.
# Usage: scripts/demo.sh RECKON_BINARY [OUT_DIR]
set -euo pipefail
reckon="$1"
out="${2:-demo}"
rm -rf "$out" "$out.reckon" "$out.reckon-wal" "$out.reckon-shm"
"$reckon" synth --out "$out" --persons 5000 --lists 5 --seed 7
"$reckon" --case "$out.reckon" init
while IFS=$'\t' read -r file source mapping; do
  if [ "$mapping" = "-" ]; then
    "$reckon" --case "$out.reckon" import "$out/$file" --source "$source"
  else
    "$reckon" --case "$out.reckon" import "$out/$file" --source "$source" --mapping "$out/$mapping"
  fi
done < "$out/lists/manifest.tsv"
echo
"$reckon" --case "$out.reckon" summary
echo
echo "Transparency log: a signing key, a signed checkpoint, and a verification of the whole case."
"$reckon" log keygen --name reckon-demo --out "$out/demo-signing.key" > "$out/verifier.txt"
cat "$out/verifier.txt"
"$reckon" --case "$out.reckon" log checkpoint --key "$out/demo-signing.key" --out "$out/checkpoint.txt"
"$reckon" --case "$out.reckon" verify --key "$(sed -n 's/^verifier key (publish it): //p' "$out/verifier.txt")"
echo
echo "True figures of this fictional case (for comparison): $out/truth/counts.json"
cat "$out/truth/counts.json"
