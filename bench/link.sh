#!/usr/bin/env bash
# Record-linkage benchmark. Usage: bench/link.sh BUILD_DIR [LARGE_PERSONS]
# 1. The name comparator on every Latin/Cyrillic pair of the Wikidata set.
# 2. Accuracy on FEBRL 1-3, Splink's fake_1000 and RecordLinkage's RLdata500
#    (tests/testdata/linkage), default settings.
# 3. Accuracy on synthetic cases of 5,000 persons (5 lists; seeds 7, 5, 11).
# 4. Speed, memory and accuracy on synthetic cases of about 100,000 and 1,000,000 mentions
#    (140,000 and LARGE_PERSONS = 1,400,000 persons, one incident per 1,000 persons), linked from
#    the case file; then `reckon link` itself (read, link, store, log) on the 100,000 case.
set -euo pipefail
build="$1"
large="${2:-1400000}"
here="$(cd "$(dirname "$0")" && pwd)"
data="$here/../tests/testdata/linkage"
reckon="$build/apps/cli/reckon"
bench="$build/bench/reckon_link_bench"
work=$(mktemp -d /tmp/reckon-link-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

"$bench" names "$data/names-ru/wd_russian_80.tsv"
for set in 1 2 3; do "$bench" febrl "$data/febrl/dataset$set.csv"; done
"$bench" fake1000 "$data/splink/fake_1000.csv"
"$bench" rldata "$data/rldata/RLdata500.csv"

# make_case NAME PERSONS EVENTS SEED: a synthetic case with its lists imported.
make_case() {
  "$reckon" synth --out "$work/$1" --persons "$2" --events "$3" --seed "$4" > /dev/null
  "$reckon" --case "$work/$1.reckon" init > /dev/null
  while IFS=$'\t' read -r file source mapping; do
    case "$file" in *losses.csv|*claims.csv) continue ;; esac
    if [ "$mapping" = "-" ]; then
      "$reckon" --case "$work/$1.reckon" import "$work/$1/$file" --source "$source" > /dev/null
    else
      "$reckon" --case "$work/$1.reckon" import "$work/$1/$file" --source "$source" \
        --mapping "$work/$1/$mapping" > /dev/null
    fi
  done < "$work/$1/lists/manifest.tsv"
}

for seed in 7 5 11; do
  make_case "small$seed" 5000 6 "$seed"
  echo "synthetic case, 5,000 persons, seed $seed:"
  "$bench" case "$work/small$seed.reckon" "$work/small$seed/truth/rows.csv"
done

make_case medium 140000 140 1
echo "synthetic case, 140,000 persons:"
"$bench" case "$work/medium.reckon" "$work/medium/truth/rows.csv" --write

make_case large "$large" $((large / 1000)) 1
echo "synthetic case, $large persons:"
"$bench" case "$work/large.reckon" "$work/large/truth/rows.csv"
