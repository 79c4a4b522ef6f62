#!/usr/bin/env bash
# reckon benchmarks. Usage: bench/run.sh BUILD_DIR [PERSONS]
# 1. `reckon synth` of PERSONS persons (default 1,000,000) with 5 lists.
# 2. CSV import of a 1,000,000-row file into a case, beside sqlite3's .import of the same file
#    into a plain table (both on the same disk, one after the other), and the floor: the same
#    rows written by SQLite alone (bench/import_floor.sql).
# 3. A 3-dimension breakdown count over the acts of that case.
# 4. Verification of that case (its 1M-leaf log and records); log appends and proofs on a
#    10,000,000-leaf log (LOG_LEAVES to change).
# 5. `reckon evidence add` of a 1 GiB file beside `sha256sum` of the same file.
# 6. Record linkage (bench/link.sh).
# 7. Multiple systems estimation (reckon_mse_bench, reckon_calibration_bench).
set -euo pipefail
build="$1"
persons="${2:-1000000}"
reckon="$build/apps/cli/reckon"
work=$(mktemp -d /tmp/reckon-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }

t0=$(now)
"$reckon" synth --out "$work/synth" --persons "$persons" --lists 5 --seed 1 >/dev/null
t1=$(now)
echo "synth: $persons persons, 5 lists: $(elapsed "$t0" "$t1") s"

# A 1,000,000-row list with the default mapping: the civil registry rows, repeated.
src="$work/synth/lists/civil_registry.csv"
big="$work/big.csv"
head -1 "$src" > "$big"
rows_in_src=$(($(wc -l < "$src") - 1))
need=1000000
while [ "$(($(wc -l < "$big") - 1))" -lt "$need" ]; do tail -n +2 "$src" >> "$big"; done
head -n $((need + 1)) "$big" > "$big.tmp" && mv "$big.tmp" "$big"
echo "import file: $need rows, $(du -h "$big" | cut -f1)"

t0=$(now)
sqlite3 "$work/plain.db" ".mode csv" ".import $big plain" >/dev/null
t1=$(now)
sqlite_s=$(elapsed "$t0" "$t1")
echo "sqlite3 .import: $sqlite_s s ($(echo "$need / $sqlite_s" | bc) rows/s)"

"$reckon" --case "$work/case.reckon" init >/dev/null
t0=$(now)
"$reckon" --case "$work/case.reckon" import "$big" --source "Bench list" >/dev/null
t1=$(now)
reckon_s=$(elapsed "$t0" "$t1")
echo "reckon import: $reckon_s s ($(echo "$need / $reckon_s" | bc) rows/s); ratio to sqlite3: $(echo "scale=2; $sqlite_s / $reckon_s" | bc)"

# The same rows written by SQLite alone (INSERT ... SELECT from sqlite3's table, no reckon code):
# the floor under any import that writes reckon's rows.
"$reckon" --case "$work/floor.reckon" init >/dev/null
bench_dir=$(cd "$(dirname "$0")" && pwd)
t0=$(now)
(cd "$work" && sqlite3 floor.reckon ".read $bench_dir/import_floor.sql")
t1=$(now)
floor_s=$(elapsed "$t0" "$t1")
echo "the same rows by SQLite alone (bench/import_floor.sql): $floor_s s; ratio to sqlite3: $(echo "scale=2; $sqlite_s / $floor_s" | bc)"
rm -f "$work"/floor.reckon*

"$build/bench/reckon_count_bench" "$work/case.reckon" act,sex,age_band 5

"$build/bench/reckon_log_bench" "$work" "${LOG_LEAVES:-10000000}" "$work/case.reckon"

head -c 1073741824 /dev/urandom > "$work/one-gib.bin"
sync
cat "$work/one-gib.bin" > /dev/null  # Both runs read from the page cache.
t0=$(now)
sha256sum "$work/one-gib.bin" > /dev/null
t1=$(now)
sha_s=$(elapsed "$t0" "$t1")
t0=$(now)
"$reckon" --case "$work/case.reckon" evidence add "$work/one-gib.bin" > /dev/null
t1=$(now)
add_s=$(elapsed "$t0" "$t1")
echo "1 GiB: sha256sum $sha_s s; reckon evidence add (hash, copy, fsync) $add_s s; speed relative to sha256sum: $(echo "scale=2; $sha_s / $add_s" | bc)"

# 6. Record linkage: accuracy on the public sets and synthetic cases; speed at 100k and 1M mentions.
bash "$(dirname "$0")/link.sh" "$build"

# 7. Multiple systems estimation: published tables, LCMCR's settings, calibration on synthetic truth.
"$build/bench/reckon_mse_bench" "$(dirname "$0")/../tests/testdata/mse"
"$build/bench/reckon_calibration_bench" 100 3000 all 5
