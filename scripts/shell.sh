#!/usr/bin/env bash
# `make shell`: a shell with the project's environment (scripts/env.sh) for running `pulumi` and
# `paylinks` by hand: the toolchain and .venv on PATH, the backend, PULUMI_HOME, the passphrase.
# Same as `source scripts/env.sh` in the current shell. `exit` leaves it.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$REPO_ROOT/scripts/venv.sh"
"$REPO_ROOT/scripts/toolchain.sh"
cd "$REPO_ROOT"
log "paylinks shell: backend $(sed -E 's#//[^/@]+@#//****@#' <<<"$PULUMI_BACKEND_URL"); \`exit\` to leave"
log "commands that read a stack's config take the working copy \`make deploy\` writes, so stacks/ stays as committed:"
log "  pulumi refresh --stack dev --config-file $STACK_CONFIG_DIR/Pulumi.dev.yaml"
log "  pulumi stack output --stack dev --show-secrets webhook_endpoints"
export PAYLINKS_SHELL=1
exec "${SHELL:-/bin/bash}" -i
