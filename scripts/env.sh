# Sourced by the other scripts: where tools and build output live.
# shellcheck shell=bash
REVISIT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REVISIT_ROOT
# The clone's own cargo target directory. (Not one shared between clones: cargo keys
# a workspace member's artifacts by its path *within* the workspace, so two checkouts
# of different commits share names, and one linked the other's stale core — seen.)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${REVISIT_TARGET_DIR:-$REVISIT_ROOT/target}}"
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
