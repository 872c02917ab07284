#!/usr/bin/env bash
# `make test`: venv + toolchain, then lint, type-check and the whole test suite.
# Extra arguments go to pytest (e.g. `scripts/test.sh tests/e2e -x`).
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

"$REPO_ROOT/scripts/venv.sh"
"$REPO_ROOT/scripts/toolchain.sh"

cd "$REPO_ROOT"
log "ruff check"
"$VENV/bin/ruff" check .
log "mypy"
"$VENV/bin/mypy"
log "pytest"
"$VENV/bin/pytest" "$@"
