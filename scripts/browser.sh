#!/usr/bin/env bash
# Make a headless Chromium available for the browser tests (marker `browser`, tests/support/browser.py).
#
# Uses Debian's `chromium` package, which Playwright drives via `executable_path`: no browser
# build is ever downloaded (`playwright install` is never run). Idempotent: does nothing when a
# chromium is already on PATH (or PAYLINKS_CHROMIUM names one).
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

if [[ -n "${PAYLINKS_CHROMIUM:-}" && -x "$PAYLINKS_CHROMIUM" ]]; then
    log "chromium: using PAYLINKS_CHROMIUM=$PAYLINKS_CHROMIUM"
    exit 0
fi
for name in chromium chromium-browser google-chrome; do
    if command -v "$name" >/dev/null; then
        log "chromium: $(command -v "$name") already installed"
        exit 0
    fi
done

apt_install chromium "for headless browser tests" "install Chromium and set PAYLINKS_CHROMIUM"
command -v chromium >/dev/null || die "apt-get installed chromium but it is not on PATH"
log "chromium ready: $(chromium --version 2>/dev/null || echo installed)"
