#!/usr/bin/env bash
# Lint the GitHub Actions workflows with actionlint from the toolchain
# (built by `make toolchain`; shellcheck is used for `run:` scripts when on PATH).
# Exits non-zero on any finding, so CI fails before a broken workflow lands.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

actionlint="$TOOLCHAIN_BIN/actionlint"
[[ -x "$actionlint" ]] || die "actionlint not found in $TOOLCHAIN_BIN: run \`make toolchain\`"

cd "$REPO_ROOT"
shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
[[ ${#workflows[@]} -gt 0 ]] || die "no workflows found in .github/workflows"
log "actionlint $("$actionlint" -version | head -n1) on ${#workflows[@]} workflow(s)"
"$actionlint" -no-color "${workflows[@]}"
log "workflows are clean"
