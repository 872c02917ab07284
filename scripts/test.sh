#!/usr/bin/env bash
# `make test`: venv + toolchain, then ruff, mypy and the whole pytest suite.
# All three always run (a lint finding never hides test results); the exit
# status is non-zero if any of them failed. Extra arguments go to pytest
# (e.g. `scripts/test.sh tests/e2e -x`).
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

"$REPO_ROOT/scripts/venv.sh"
"$REPO_ROOT/scripts/toolchain.sh"
"$REPO_ROOT/scripts/browser.sh"
"$REPO_ROOT/scripts/postgres.sh"

cd "$REPO_ROOT"
failed=()
log "ruff check"
"$VENV/bin/ruff" check . || failed+=(ruff)
log "mypy"
"$VENV/bin/mypy" || failed+=(mypy)
log "pytest"
"$VENV/bin/pytest" "$@" || failed+=(pytest)

if ((${#failed[@]})); then
    die "failed: ${failed[*]}"
fi
log "ruff, mypy and pytest passed"
