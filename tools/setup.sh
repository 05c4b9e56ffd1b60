#!/usr/bin/env bash
# Installs the Debian 12 packages the ledger builds with, if any are missing.
# Non-interactive and idempotent: a machine that already has everything is left alone.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  librocksdb-dev capnproto libcapnp-dev libspdlog-dev libfmt-dev
  catch2 libssl-dev libcli11-dev
  libsystemd-dev  # sd_notify: readiness, stopping and the watchdog under systemd (docs/operations.md)
  golang-go golang-golang-x-mod-dev  # the Go interoperability test (tests/interop)
  clang-14 libfuzzer-14-dev  # the ASan+UBSan build with the fuzz targets (tools/sanitize.sh)
  clang-format-14  # the layout of the sources (.clang-format; tools/format.sh, test format_check)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# The OpenAPI linter of the test suite (tests/lint), pinned in tools/lint/package-lock.json.
# It needs Node.js >= 20.19; where that is missing the lint test reports itself skipped.
install_lint() {
  local here lint
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  lint="$here/lint"
  [ -x "$lint/node_modules/.bin/redocly" ] &&
    [ "$lint/node_modules/.package-lock.json" -nt "$lint/package-lock.json" ] && return 0
  if ! command -v node >/dev/null || ! command -v npm >/dev/null ||
     ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a==20&&b>=19)?0:1)'; then
    echo "setup: Node.js >= 20.19 with npm not found: the OpenAPI lint test will be skipped"
    return 0
  fi
  echo "setup: installing the OpenAPI linter (tools/lint)"
  npm ci --prefix "$lint" --no-audit --no-fund --silent
}

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all build dependencies present"
  install_lint
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
install_lint
