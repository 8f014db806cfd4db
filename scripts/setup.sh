#!/usr/bin/env bash
# Installs what building, running and testing Revisit needs, skipping whatever is
# already there in the right version (a second run takes seconds):
#   - Debian: chromium + chromium-driver (browser tests), a CJK font (screenshots);
#     with --tests also postgresql (the server's tests run against it too) and
#     pebble (Let's Encrypt's ACME test server, for the automatic certificates),
#     nginx-light, caddy and systemd (the deployment files in deploy/ are checked)
#   - rustup: the wasm32-unknown-unknown target
#   - cargo: trunk 0.21.14, wasm-bindgen-cli equal to Cargo.lock's wasm-bindgen
#   - npm (from package-lock.json): wasm-opt (binaryen 132), esbuild (the JS glue's minifier) and playwright-core
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REVISIT_ROOT"

TRUNK_VERSION="0.21.14"
APT_PACKAGES=(chromium chromium-driver fonts-wqy-microhei)
# The tests also run the server against PostgreSQL, ACME against Pebble, the shipped
# nginx configuration in front of it, and check the Caddyfile and the systemd unit.
if [ "${1:-}" = "--tests" ]; then APT_PACKAGES+=(postgresql pebble nginx-light caddy systemd); fi

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

step "system packages: ${APT_PACKAGES[*]}"
missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then missing+=(nodejs npm); fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "already installed"
fi

step "rust target wasm32-unknown-unknown"
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "already installed"
else
  rustup target add wasm32-unknown-unknown
fi

step "trunk $TRUNK_VERSION"
if [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ]; then
  echo "already installed"
else
  # Trunk's own release profile links with fat LTO in one unit: minutes of a fresh
  # machine's first run for a build tool that only drives other tools. Built plainer.
  echo "building with cargo install (about 6 minutes on 2 cores)"
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=false \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_DEBUG=false \
    cargo install trunk --version "$TRUNK_VERSION" --locked
fi

WASM_BINDGEN_VERSION="$(wasm_bindgen_version)"
step "wasm-bindgen-cli $WASM_BINDGEN_VERSION (the version in Cargo.lock)"
if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $WASM_BINDGEN_VERSION" ] &&
  command -v wasm-bindgen-test-runner >/dev/null; then
  echo "already installed"
else
  echo "building with cargo install (about 8 minutes on 2 cores)"
  # Not --locked: the CLI's own lock names a crate version this registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

step "node packages (package-lock.json)"
stamp=node_modules/.revisit-package-lock.sha256
wanted="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ -x node_modules/.bin/wasm-opt ] && [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ]; then
  echo "already installed"
else
  npm ci --no-audit --no-fund --loglevel=error
  echo "$wanted" >"$stamp"
fi
wasm-opt --version
