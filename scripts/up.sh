#!/usr/bin/env bash
# `make up`: venv + toolchain, the Stripe emulator (unless a real key is set),
# the `dev` stack on the local file backend, a real `pulumi up`, then the links.
#
# Stripe target, in order:
#   STRIPE_API_BASE set           -> that API (key: STRIPE_API_KEY or the local test key)
#   STRIPE_API_KEY set (real key) -> Stripe itself
#   otherwise                     -> the bundled emulator on 127.0.0.1:$PAYLINKS_EMULATOR_PORT
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
# shellcheck source=scripts/emulator.sh
source "$REPO_ROOT/scripts/emulator.sh"

STACK="${PAYLINKS_STACK:-dev}"

"$REPO_ROOT/scripts/venv.sh"
"$REPO_ROOT/scripts/toolchain.sh"

if [[ -n "${STRIPE_API_BASE:-}" ]]; then
    export STRIPE_API_KEY="${STRIPE_API_KEY:-$PAYLINKS_LOCAL_STRIPE_KEY}"
    log "using the Stripe API at $STRIPE_API_BASE"
elif [[ -n "${STRIPE_API_KEY:-}" && "$STRIPE_API_KEY" != "$PAYLINKS_LOCAL_STRIPE_KEY" ]]; then
    log "STRIPE_API_KEY is set and STRIPE_API_BASE is not: applying to Stripe itself"
else
    emulator_start
    export STRIPE_API_BASE="$EMULATOR_BASE" STRIPE_API_KEY="$PAYLINKS_LOCAL_STRIPE_KEY"
fi

[[ -f "$REPO_ROOT/__main__.py" ]] || die "no Pulumi program yet ($REPO_ROOT/__main__.py is missing)"
if [[ "$PULUMI_BACKEND_URL" == file://* ]]; then mkdir -p "${PULUMI_BACKEND_URL#file://}"; fi

cd "$REPO_ROOT"
log "stack $STACK on $PULUMI_BACKEND_URL"
pulumi stack select --create "$STACK" --non-interactive
pulumi up --yes --non-interactive --stack "$STACK"

log "payment links"
links_json="$(pulumi stack output --json --stack "$STACK" --non-interactive links 2>/dev/null || true)"
printf '%s' "$links_json" | "$VENV/bin/python" "$REPO_ROOT/scripts/print_links.py"
if [[ "${STRIPE_API_BASE:-}" == "$EMULATOR_BASE" ]]; then
    log "the emulator keeps running at $EMULATOR_BASE so the links open; \`make stop\` ends it"
fi
