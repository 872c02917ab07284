#!/usr/bin/env bash
# Make PostgreSQL's server binaries available for the shared-backend test
# (tests/e2e/test_shared_backend.py runs two CI runners against Pulumi's `postgres://` backend).
#
# Uses Debian's `postgresql` package; the test starts its own throwaway cluster on a free port
# and stops it (no system service is used). Idempotent: does nothing when `initdb` is found
# (PAYLINKS_PG_BIN, /usr/lib/postgresql/*/bin, or PATH).
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

found() {
    if [[ -n "${PAYLINKS_PG_BIN:-}" ]]; then [[ -x "$PAYLINKS_PG_BIN/initdb" ]]; return; fi
    compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null
}

if found; then
    log "postgresql: server binaries already installed"
    exit 0
fi
[[ -z "${PAYLINKS_PG_BIN:-}" ]] || die "PAYLINKS_PG_BIN=$PAYLINKS_PG_BIN has no initdb"
apt_install postgresql "for the shared-backend test" \
    "install PostgreSQL >= 13 and set PAYLINKS_PG_BIN to its bin directory"
found || die "apt-get installed postgresql but no initdb was found in /usr/lib/postgresql/*/bin"
log "postgresql ready: $(compgen -G '/usr/lib/postgresql/*/bin/initdb' | head -1)"
