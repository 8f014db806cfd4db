# Sourced by the other scripts: where tools and build output live.
# shellcheck shell=bash
REVISIT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REVISIT_ROOT
# One cargo target directory outside the clone, reused between clones and runs
# (cargo keys artifacts by package path and version, so sharing is safe).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${REVISIT_TARGET_DIR:-$HOME/.cache/revisit/target}}"
export PATH="$REVISIT_ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

# The wasm-bindgen version the app is locked to: the CLI must be exactly this.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$REVISIT_ROOT/Cargo.lock"
}

step() {
  printf '\n\033[1m==> %s\033[0m\n' "$*"
}
