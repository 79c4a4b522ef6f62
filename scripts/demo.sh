#!/usr/bin/env bash
# Generates the fictional demo case, imports its lists into demo.reckon, links its mentions into
# persons, and prints the summary, evidence, log and exhibit steps.
# Usage: scripts/demo.sh RECKON_BINARY [OUT_DIR] [RECKON_VERIFY_BINARY]
set -euo pipefail
reckon="$1"
out="${2:-demo}"
verify_binary="${3:-$(dirname "$reckon")/../verify/reckon-verify}"
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
echo "Linkage: one person, one row. The same people appear on several lists, spelt differently."
"$reckon" --case "$out.reckon" link
echo
echo "Linkage against the synthetic truth (which row is which person):"
"$reckon" --case "$out.reckon" link evaluate --truth "$out/truth/rows.csv"
echo
echo "How many were killed, including those no list recorded (log-linear models over the lists):"
"$reckon" --case "$out.reckon" estimate --act killing
echo
echo "The same, by sex, beside the documented counts:"
"$reckon" --case "$out.reckon" count --where act=killing --by sex --estimate
echo
echo "The first pair left for a person to review:"
"$reckon" --case "$out.reckon" review --limit 1
echo
"$reckon" --case "$out.reckon" summary
echo
echo "Evidence: three fictional files with their chain of custody."
mkdir -p "$out/evidence"
printf 'Statement of witness W-17 (fictional, synthetic demo).\nThe witness describes Incident 1 at Northfield.\n' > "$out/evidence/statement_w17.txt"
printf '\xff\xd8\xff\xe0' > "$out/evidence/site_photo_1.jpg"; head -c 200000 /dev/urandom >> "$out/evidence/site_photo_1.jpg"
printf 'Site inspection report SI-3 (fictional, synthetic demo).\n' > "$out/evidence/site_inspection_si3.txt"
"$reckon" --case "$out.reckon" evidence add "$out/evidence/statement_w17.txt" "$out/evidence/site_photo_1.jpg" \
  "$out/evidence/site_inspection_si3.txt" --collected-by "Field team 2" --collected-at 2031-04-02T09:30:00Z \
  --place Northfield --method "interview and site visit"
"$reckon" --case "$out.reckon" evidence custody 2 --action sealed --actor "Field team 2" --place Northfield
"$reckon" --case "$out.reckon" evidence custody 2 --action transferred --actor "Evidence unit" --purpose "image analysis" --authority "Order 17"
"$reckon" --case "$out.reckon" evidence link 2 --record act:1
"$reckon" --case "$out.reckon" evidence show 2
echo
echo "Transparency log: a signing key, a signed checkpoint, and a verification of the whole case."
"$reckon" log keygen --name reckon-demo --out "$out/demo-signing.key" > "$out/verifier.txt"
cat "$out/verifier.txt"
"$reckon" --case "$out.reckon" log checkpoint --key "$out/demo-signing.key" --out "$out/checkpoint.txt"
verifier="$(sed -n 's/^verifier key (publish it): //p' "$out/verifier.txt")"
"$reckon" --case "$out.reckon" verify --key "$verifier"
echo
echo "An exhibit bundle of the photograph, checked by the standalone verifier without the case:"
"$reckon" --case "$out.reckon" evidence export 2 --out "$out/exhibit-photo"
"$verify_binary" "$out/exhibit-photo" --key "$verifier" | tail -3
echo
echo "True figures of this fictional case (for comparison): $out/truth/counts.json"
cat "$out/truth/counts.json"
