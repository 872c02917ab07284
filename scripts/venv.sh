#!/usr/bin/env bash
# Create .venv and install the project (editable, with dev extras) into it.
# Skipped when pyproject.toml is unchanged since the last successful install
# (the hash is kept in .venv/.paylinks-stamp).
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

stamp="$VENV/.paylinks-stamp"
wanted="$(sha256sum "$REPO_ROOT/pyproject.toml" | cut -c1-16)"

if [[ -x "$VENV/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
    log "virtualenv up to date in $VENV"
    exit 0
fi

command -v python3 >/dev/null || die "python3 (>= 3.11) is needed to create $VENV"
if [[ ! -x "$VENV/bin/python" ]]; then
    log "creating virtualenv $VENV"
    python3 -m venv "$VENV"
fi
log "installing paylinks and its dev tools into $VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$REPO_ROOT[dev]"
printf '%s\n' "$wanted" >"$stamp"
log "virtualenv ready"
