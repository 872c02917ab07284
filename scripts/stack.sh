# Stack helpers shared by deploy.sh and preview.sh; source it, don't run it.
#
# pulumi always gets `--config-file` = a git-ignored working copy of the stack file (see
# scripts/stack_files.py), so no command rewrites stacks/Pulumi.<stack>.yaml.

# shellcheck source=scripts/emulator.sh
source "$REPO_ROOT/scripts/emulator.sh"

# stack_parse_args USAGE MAX_WORDS ARGS...: the command line deploy.sh and preview.sh share.
# Applies --secrets-provider P (for a stack they create) and -h/--help; the other words, at most
# MAX_WORDS, go to STACK_ARGS in order. STACK is the first word, else make's STACK=; none, an
# unknown option or a word too many stop with USAGE.
stack_parse_args() {
    local usage="$1" max_words="$2"
    shift 2
    STACK_ARGS=()
    while (($#)); do
        case "$1" in
            --secrets-provider) export PAYLINKS_SECRETS_PROVIDER="${2:?$usage}"; shift 2 ;;
            --secrets-provider=*) export PAYLINKS_SECRETS_PROVIDER="${1#*=}"; shift ;;
            -h | --help) echo "$usage"; exit 0 ;;
            -*) die "unknown option $1; $usage" ;;
            *) STACK_ARGS+=("$1"); shift ;;
        esac
    done
    ((${#STACK_ARGS[@]} <= max_words)) || die "too many arguments (${STACK_ARGS[*]}); $usage"
    STACK="${STACK_ARGS[0]:-${STACK:-}}"
    [[ -n "$STACK" ]] || die "no stack named; $usage"
    stack_require_file "$STACK"
}

# stack_require_file STACK: stop, before any backend or Stripe call, when stacks/Pulumi.STACK.yaml
# is missing (a mistyped name would otherwise create an empty stack on the backend and fail later
# with a message about keys).
stack_require_file() {
    [[ -f "$REPO_ROOT/stacks/Pulumi.$1.yaml" ]] && return 0
    local known="" file name
    for file in "$REPO_ROOT"/stacks/Pulumi.*.yaml; do
        [[ -f "$file" ]] || continue
        name="${file##*/Pulumi.}"
        known+="${known:+, }${name%.yaml}"
    done
    die "no stack file stacks/Pulumi.$1.yaml for stack $1 (stacks: ${known:-none}): check the name, or create that file (its paylinks:scope and paylinks:stripe) for a new environment; nothing was done"
}

# stack_tools: the venv and a Pulumi CLI ready, and the working directory the repository root
# (where the Pulumi program is).
stack_tools() {
    "$REPO_ROOT/scripts/venv.sh"
    ensure_pulumi_cli
    cd "$REPO_ROOT"
    [[ -f "$REPO_ROOT/__main__.py" ]] || die "no Pulumi program ($REPO_ROOT/__main__.py is missing)"
}

# redact URL: the URL with any user:password replaced, for messages.
redact() { sed -E 's#//[^/@]+@#//****@#' <<<"$1"; }

# stack_check_passphrase: refuse the public local passphrase for state others can read.
stack_check_passphrase() {
    local provider="${PAYLINKS_SECRETS_PROVIDER:-default}"
    [[ "$PULUMI_BACKEND_URL" == file://* || "$PULUMI_BACKEND_URL" == http*://* ]] && return 0
    [[ "$provider" == default || "$provider" == passphrase ]] || return 0
    [[ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]] || return 0
    local which
    case "${PULUMI_CONFIG_PASSPHRASE:-}" in
        "$PAYLINKS_LOCAL_PASSPHRASE") which="the public local-only one" ;;
        "") which="empty" ;;
        *) return 0 ;;
    esac
    die "the backend $(redact "$PULUMI_BACKEND_URL") is shared but PULUMI_CONFIG_PASSPHRASE is $which: set your own PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE), or PAYLINKS_SECRETS_PROVIDER (e.g. awskms://…)"
}

# stack_uses_emulator STACK: true when the stack talks to the bundled emulator
# (`paylinks:stripe: emulator` in its stack file; the dev stack when the file doesn't say).
stack_uses_emulator() {
    local setting
    setting="$("$VENV/bin/python" "$REPO_ROOT/scripts/stack_files.py" stripe "$1")"
    [[ "$setting" == emulator || (-z "$setting" && "$1" == dev) ]]
}

# stack_select_stripe STACK: for an emulator stack start (or reuse) the emulator and point the
# run at it, whatever the shell exports; other stacks use STRIPE_API_KEY / their stack config.
stack_select_stripe() {
    if stack_uses_emulator "$1"; then
        emulator_start
        export STRIPE_API_BASE="$EMULATOR_BASE" STRIPE_API_KEY="$PAYLINKS_LOCAL_STRIPE_KEY"
        log "stack $1 uses the bundled Stripe emulator at $EMULATOR_BASE"
    fi
}

# stack_prepare STACK: write the working copy of the stack file and create the stack on the
# backend if it is missing. Prints the working copy's path.
stack_prepare() {
    local stack="$1" config_file output status=0 backend
    backend="$(redact "$PULUMI_BACKEND_URL")"
    if [[ "$PULUMI_BACKEND_URL" == file://* ]]; then mkdir -p "${PULUMI_BACKEND_URL#file://}"; fi
    # `|| exit`: callers run this in $(...), where `set -e` does not reach (no inherit_errexit),
    # and an empty config file would let pulumi write into stacks/.
    config_file="$("$VENV/bin/python" "$REPO_ROOT/scripts/stack_files.py" working-copy "$stack" "$STACK_CONFIG_DIR")" \
        || exit 1
    local init=(stack init "$stack" --no-select --non-interactive --cwd "$STACK_CONFIG_DIR")
    if [[ -n "${PAYLINKS_SECRETS_PROVIDER:-}" ]]; then init+=(--secrets-provider "$PAYLINKS_SECRETS_PROVIDER"); fi
    # `stack init` in the working-copy directory: a new stack's salt (or key) goes to the working
    # copy and to the state, never to stacks/.
    output="$(pulumi "${init[@]}" 2>&1)" || status=$?
    if ((status == 0)); then
        log "created stack $stack on $backend"
    elif grep -qE "already exists|the stack is currently locked|Another update is currently in progress" <<<"$output"; then
        # Locked: another run is updating it, so it exists; `pulumi up` then waits or says so.
        log "stack $stack on $backend"
    else
        printf '%s\n' "$output" >&2
        die "could not create stack $stack on $backend (pulumi's message above)"
    fi
    printf '%s\n' "$config_file"
}

# stack_preflight STACK CONFIG_FILE: `paylinks preflight` (all output on stderr) against the stack's Stripe (read-only):
# exits non-zero, listing each one, when another stack of the account (or an object paylinks
# doesn't manage) holds a lookup key or promotion code the catalog declares. It gets pulumi's
# view of the stack config (secrets decrypted) on a pipe, so it resolves the Stripe key and API
# exactly as the providers do; the key never reaches a file, an argument or the output.
stack_preflight() {
    pulumi config --stack "$1" --config-file "$2" --json --show-secrets --non-interactive \
        | paylinks preflight --stack "$1" --config-json - >&2
}

# stack_links STACK FILE: the stack's `links` output as JSON into FILE (empty when none yet).
stack_links() {
    pulumi stack output links --json --stack "$1" --non-interactive >"$2" 2>/dev/null || : >"$2"
}

# ensure_pulumi_cli: a Pulumi CLI for deploy/preview. An installed CLI that `external_pulumi`
# accepts (at or above the SDK's version, with its Python language host), e.g. from the
# `pulumi/actions` setup in CI, is used as it is and nothing is built (no Go needed); otherwise
# `make toolchain` provides one.
ensure_pulumi_cli() {
    local external
    if [[ "$(command -v pulumi || true)" != "$TOOLCHAIN_BIN/pulumi" ]]; then
        external="$(external_pulumi)"
        if [[ -n "$external" ]]; then
            log "using ${external% *} (v${external#* }) as it is"
            return 0
        fi
    fi
    "$REPO_ROOT/scripts/toolchain.sh"
}
