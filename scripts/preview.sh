#!/usr/bin/env bash
# `make preview STACK=<name> [OUT=file.md]`: what a pull request would change in a stack, as the
# review Markdown that .github/workflows/pr-review.yml posts as a comment.
#
# Validates the catalog with the stack's overrides, creates the stack if missing (like
# `make deploy`, so a first pull request previews a full create), runs the read-only pre-flight
# against the stack's Stripe (`paylinks preflight`: lookup keys, promotion codes and feature
# lookup keys another stack of the account holds, which would stop `make deploy`), runs
# `pulumi preview --json`
# and renders both with `paylinks review` into OUT (default .paylinks/review-<stack>.md), whose
# path it prints last. A failed validation or preview still writes the review (it shows the
# errors) and then exits non-zero. Makes no Stripe writes.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
# shellcheck source=scripts/stack.sh
source "$REPO_ROOT/scripts/stack.sh"

usage="usage: make preview STACK=<name> [OUT=review.md]  (or scripts/preview.sh [--secrets-provider P] STACK [OUT])"
stack_parse_args "$usage" 2 "$@"
OUT="$(realpath -m "${STACK_ARGS[1]:-${OUT:-$REPO_ROOT/.paylinks/review-$STACK.md}}")"

stack_tools

failed=()
log "validating the catalog with stack $STACK's overrides"
paylinks validate --stack "$STACK" || failed+=("the catalog has problems (listed above)")
stack_check_passphrase
stack_select_stripe "$STACK"
config_file="$(stack_prepare "$STACK")"

mkdir -p "$REPO_ROOT/.paylinks" "$(dirname "$OUT")"
plan="$REPO_ROOT/.paylinks/preview-$STACK.json"
preflight="$REPO_ROOT/.paylinks/preflight-$STACK.txt"
log "pre-flight: lookup keys, promotion codes and feature lookup keys on stack $STACK's Stripe (read-only)"
refusals=()
if ! stack_preflight "$STACK" "$config_file" 2>"$preflight"; then
    failed+=("the pre-flight against stack $STACK's Stripe failed (the review lists why)")
    refusals=(--preflight "$preflight")
fi
cat "$preflight" >&2
log "pulumi preview --json --stack $STACK"
pulumi preview --stack "$STACK" --config-file "$config_file" --json --non-interactive >"$plan" \
    || failed+=("pulumi preview failed (the review lists its errors)")
paylinks review "$plan" --stack "$STACK" "${refusals[@]}" --output "$OUT" \
    || die "could not render the review of $plan"
log "review of stack $STACK written to $OUT"
printf '%s\n' "$OUT"
if ((${#failed[@]})); then
    message="$(printf '%s; ' "${failed[@]}")"
    die "${message%; }"
fi
