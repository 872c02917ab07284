#!/usr/bin/env bash
# `make deploy STACK=<name>`: the one command per stack, for CI and by hand.
#
# On the configured backend (PULUMI_BACKEND_URL, default the local file backend) it creates
# the stack if missing (passphrase from PULUMI_CONFIG_PASSPHRASE[_FILE], or
# PAYLINKS_SECRETS_PROVIDER / --secrets-provider), validates the catalog with the stack's
# overrides, checks the stack's Stripe for lookup keys, promotion codes and feature lookup keys
# another stack of the account holds (`paylinks preflight`, read-only: such a run would stop
# partway), runs `pulumi up`
# non-interactively and prints the links, saying which URLs changed
# and which links are inactive. Re-running it is a no-op and says so. Emulator stacks (dev)
# start the bundled emulator like `make up`. Tracked files are never written: pulumi reads a
# git-ignored working copy of the stack file (scripts/stack_files.py).
#
# Another update of the same stack holding the lock: wait up to PAYLINKS_LOCK_WAIT seconds
# (default 120) for it, then stop with one line naming the lock and what to do.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
# shellcheck source=scripts/stack.sh
source "$REPO_ROOT/scripts/stack.sh"

usage="usage: make deploy STACK=<name>  (or scripts/deploy.sh [--secrets-provider P] STACK)"
stack_parse_args "$usage" 1 "$@"
LOCK_WAIT="${PAYLINKS_LOCK_WAIT:-120}"
[[ "$LOCK_WAIT" =~ ^[0-9]+$ ]] || die "PAYLINKS_LOCK_WAIT must be a number of seconds, not '$LOCK_WAIT'"

stack_tools

log "validating the catalog with stack $STACK's overrides"
paylinks validate --stack "$STACK" || die "the catalog has problems (listed above); nothing was applied to stack $STACK"
stack_check_passphrase
stack_select_stripe "$STACK"
config_file="$(stack_prepare "$STACK")"
log "pre-flight: lookup keys, promotion codes and feature lookup keys on stack $STACK's Stripe (read-only)"
stack_preflight "$STACK" "$config_file" \
    || die "the pre-flight against stack $STACK's Stripe failed (listed above); nothing was applied to stack $STACK"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
stack_links "$STACK" "$work/before.json"

# lock_message STDERR_FILE: one line naming the lock (DIY backends) or the conflict (Pulumi Cloud).
lock_message() {
    local holder
    holder="$(grep -m1 -E '^\s+\S+: created by ' "$1" | sed -E 's/^\s+//' || true)"
    printf 'stack %s is locked by another update%s: wait for it to finish and run `make deploy STACK=%s` again; if no update is running (a killed run), remove the lock with `pulumi cancel --stack %s --yes` first' \
        "$STACK" "${holder:+ (lock $holder)}" "$STACK" "$STACK"
}

started=$SECONDS
while true; do
    status=0
    log "pulumi up --stack $STACK"
    pulumi up --stack "$STACK" --config-file "$config_file" --yes --non-interactive --diff \
        2>"$work/stderr" || status=$?
    ((status != 0)) || break
    if grep -qE 'the stack is currently locked|Another update is currently in progress' "$work/stderr"; then
        if ((SECONDS - started < LOCK_WAIT)); then
            log "stack $STACK is locked by another update; waiting (up to ${LOCK_WAIT}s in all, PAYLINKS_LOCK_WAIT)"
            sleep "$((3 + RANDOM % 4))"
            continue
        fi
        die "$(lock_message "$work/stderr")"
    fi
    cat "$work/stderr" >&2
    die "pulumi up failed for stack $STACK (pulumi's message above)"
done
cat "$work/stderr" >&2

stack_links "$STACK" "$work/after.json"
pulumi stack history --stack "$STACK" --json --page-size 1 --non-interactive >"$work/history.json" 2>/dev/null \
    || echo '[]' >"$work/history.json"
"$VENV/bin/python" "$REPO_ROOT/scripts/update_summary.py" "$work/history.json" "$STACK"
log "payment links"
"$VENV/bin/python" "$REPO_ROOT/scripts/print_links.py" "$work/after.json" "$work/before.json"
if stack_uses_emulator "$STACK"; then
    log "the emulator keeps running at $EMULATOR_BASE so the links open; \`make stop\` ends it"
fi
