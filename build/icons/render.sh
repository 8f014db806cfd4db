#!/usr/bin/env bash
# Renders the PNG icons from public/icons/icon.svg with headless Chromium.
# Run by hand after changing the SVG; the PNGs are committed.
set -euo pipefail
cd "$(dirname "$0")/../.."
render() { # size maskable output
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --default-background-color=00000000 \
    --disable-background-networking --disable-component-update --disable-sync \
    --allow-file-access-from-files --window-size="$1,$1" --screenshot="$3" \
    "file://$PWD/build/icons/render.html?size=$1&maskable=$2" 2>/dev/null
}
render 192 "" public/icons/icon-192.png
render 512 "" public/icons/icon-512.png
render 512 1 public/icons/icon-maskable-512.png
