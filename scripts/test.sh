#!/usr/bin/env bash
# `make test`: venv + toolchain, then ruff, mypy and the whole pytest suite.
# All three always run (a lint finding never hides test results); the exit
# status is non-zero if any of them failed. Extra arguments go to pytest
# (e.g. `scripts/test.sh tests/e2e -x`).
#
# Tests run in PAYLINKS_TEST_WORKERS pytest-xdist workers (default 4; 0 runs them in
# this process). Most of a test's time is spent waiting on CLI and emulator processes,
# so more workers than cores pays off; `--maxschedchunk 1` hands each worker one test
# at a time, in the order tests/support/fixtures.py sets (long scenarios first).
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
{ "$VENV/bin/mypy" && "$VENV/bin/mypy" scripts; } || failed+=(mypy)
log "pytest"
# Tests that run `make` themselves must see it as a user does, not as a sub-make of this one
# (which would add "make[1]: Entering directory" lines to their output).
unset MAKEFLAGS MAKELEVEL MFLAGS
workers="${PAYLINKS_TEST_WORKERS:-4}"
parallel=()
if [[ "$workers" != 0 ]]; then
    parallel=(-n "$workers" --dist load --maxschedchunk 1)
fi
"$VENV/bin/pytest" "${parallel[@]}" "$@" || failed+=(pytest)

if ((${#failed[@]})); then
    die "failed: ${failed[*]}"
fi
log "ruff, mypy and pytest passed"
