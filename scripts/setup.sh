#!/usr/bin/env bash
# Installs the Debian packages reckon needs, and any named as arguments, if missing.
# Idempotent; non-interactive.
set -euo pipefail
packages=(g++ cmake ninja-build pkg-config libsqlite3-dev sqlite3 libicu-dev libssl-dev
          libsodium-dev libexpected-dev nlohmann-json3-dev libcli11-dev libgtest-dev libgmock-dev
          libbenchmark-dev bc clang-format clang-tidy)
packages+=("$@")  # Extra packages a target needs (`make fuzz`: clang and its libFuzzer runtime).
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
