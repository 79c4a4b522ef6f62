#!/usr/bin/env bash
# CLI golden tests: each case in cases.txt runs one reckon command and compares its standard
# output, standard error and exit code with expected/<name>.out. Run with UPDATE=1 to rewrite.
# Usage: golden.sh RECKON_BINARY CASES_DIR
set -u
reckon="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
here="$(cd "$2" && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export RECKON_NOW=1700000000
cp "$here"/data/* "$work"/
cd "$work"
passed=0
failed=0
while IFS='|' read -r name command; do
  [ -z "$name" ] && continue
  case "$name" in \#*) continue ;; esac
  actual=$(eval "\"$reckon\" $command" 2>stderr.txt; echo "exit=$?")
  actual="$actual
--- stderr
$(cat stderr.txt)"
  expected_file="$here/expected/$name.out"
  if [ "${UPDATE:-0}" = 1 ]; then
    printf '%s\n' "$actual" > "$expected_file"
  fi
  if [ "$(printf '%s\n' "$actual")" = "$(cat "$expected_file" 2>/dev/null)" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED: $name: reckon $command"
    diff <(cat "$expected_file" 2>/dev/null) <(printf '%s\n' "$actual") | head -20
  fi
done < "$here/cases.txt"
echo "cli golden: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
