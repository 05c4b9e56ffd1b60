#!/usr/bin/env bash
# Installs the Debian 12 packages the ledger builds with, if any are missing.
# Non-interactive and idempotent: a machine that already has everything is left alone.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  librocksdb-dev capnproto libcapnp-dev libspdlog-dev libfmt-dev
  catch2 libssl-dev libcli11-dev
  golang-go golang-golang-x-mod-dev  # the Go interoperability test (tests/interop)
  clang-14 libfuzzer-14-dev  # the ASan+UBSan build with the fuzz targets (tools/sanitize.sh)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all build dependencies present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
