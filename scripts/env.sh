# Shared environment for paylinks scripts; source it, don't run it.
#
# Everything here is local-only and offline by default:
# - the Pulumi toolchain lives outside the repo, in $PAYLINKS_TOOLCHAIN/bin;
# - stack state goes to the file backend in .pulumi-state/ (git-ignored);
# - PULUMI_HOME is .pulumi-home/ so nothing touches ~/.pulumi;
# - PULUMI_CONFIG_PASSPHRASE defaults to a fixed, public, local-only value:
#   it only encrypts secrets in your own .pulumi-state. Set your own (or
#   PULUMI_CONFIG_PASSPHRASE_FILE) for any state you share;
# - pulumi reads a stack's secrets provider from its state when the stack file
#   has none (PULUMI_FALLBACK_TO_STATE_SECRETS_MANAGER), and `make deploy` gives
#   pulumi a git-ignored working copy of the stack file (scripts/stack_files.py):
#   no command rewrites a tracked file;
# - the repository's own packages come first on PYTHONPATH, so a clone that
#   shares another clone's .venv (same pyproject.toml) still runs its own code.
#
# Source it in a shell to run `pulumi`/`paylinks` by hand (or `make shell`).

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT

export PAYLINKS_TOOLCHAIN="${PAYLINKS_TOOLCHAIN:-$HOME/.cache/paylinks/toolchain}"
TOOLCHAIN_BIN="$PAYLINKS_TOOLCHAIN/bin"
export TOOLCHAIN_BIN
VENV="$REPO_ROOT/.venv"
export VENV
# Where `make deploy`/`make preview` keep pulumi's working copies of stacks/Pulumi.<stack>.yaml.
export STACK_CONFIG_DIR="$REPO_ROOT/.paylinks/stack-config"

# The fixed test key used against the local emulator (never a real key).
export PAYLINKS_LOCAL_STRIPE_KEY="sk_test_paylinks_local_emulator"
export PAYLINKS_LOCAL_PASSPHRASE="paylinks-local-only"

export PATH="$TOOLCHAIN_BIN:$VENV/bin:$PATH"
export PULUMI_SKIP_UPDATE_CHECK=true
# Resource operations at once: the CLI reads PULUMI_PARALLEL as its default `--parallel`, and
# the dynamic-provider process serves as many calls at once (providers/dynamic_server.py).
# Stripe answers in ~300 ms, so live mode's 100 req/s needs ~30 requests in flight; the
# providers' pacing keeps the rate under Stripe's limit however many run. The workflows in
# .github/workflows set the same value.
export PULUMI_PARALLEL="${PULUMI_PARALLEL:-32}"
# Save the state once at the end of an update instead of after every resource step: the file
# backend rewrites the whole state each time (O(resources^2); 300 links: cold up 75 s -> 11 s).
# A killed run then forgets what it made; the next `up` adopts those objects (see the crash
# trials in docs/performance.md). PULUMI_SKIP_CHECKPOINTS=false keeps per-step checkpoints.
export PULUMI_SKIP_CHECKPOINTS="${PULUMI_SKIP_CHECKPOINTS:-true}"
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_FALLBACK_TO_STATE_SECRETS_MANAGER=true
case ":${PYTHONPATH:-}:" in
    *":$REPO_ROOT:"*) ;;
    *) export PYTHONPATH="$REPO_ROOT${PYTHONPATH:+:$PYTHONPATH}" ;;
esac
export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$REPO_ROOT/.pulumi-state}"
export PULUMI_HOME="${PULUMI_HOME:-$REPO_ROOT/.pulumi-home}"
if [[ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]]; then
    export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-$PAYLINKS_LOCAL_PASSPHRASE}"
fi

# log MESSAGE: progress for humans, on stderr so stdout stays parseable.
log() { printf '==> %s\n' "$*" >&2; }
# die MESSAGE: a clear error and a non-zero exit.
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# apt_install PACKAGE PURPOSE HINT: install a Debian package for PURPOSE (as root, or through sudo),
# for the scripts that provide a test's system dependency; without apt-get, stop with HINT (how
# to install it by hand).
apt_install() {
    local package="$1" purpose="$2" hint="$3" sudo=()
    command -v apt-get >/dev/null || die "no $package and no apt-get: $hint"
    if [[ "$(id -u)" -ne 0 ]]; then
        command -v sudo >/dev/null || die "installing $package needs root (or sudo)"
        sudo=(sudo)
    fi
    log "installing Debian's $package ($purpose)"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$package" >/dev/null
}

# version_at_least HAVE WANT: HAVE >= WANT as dotted versions.
version_at_least() { [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -1)" == "$2" ]]; }

# external_pulumi: "PATH VERSION" of a pulumi on PATH that is not ours, at or above the Python
# SDK's version (toolchain/versions.env) and with a Python language host beside it on PATH: such
# a CLI (e.g. from the `pulumi/actions` setup in CI) is used as it is. Prints nothing otherwise.
external_pulumi() {
    local path_without_ours candidate have sdk
    sdk="$(sed -n 's/^PULUMI_SDK_VERSION=//p' "$REPO_ROOT/toolchain/versions.env")"
    path_without_ours="$(tr ':' '\n' <<<"$PATH" | grep -vxF "$TOOLCHAIN_BIN" | paste -sd:)"
    candidate="$(PATH="$path_without_ours" command -v pulumi || true)"
    [[ -n "$candidate" ]] || return 0
    have="$("$candidate" version 2>/dev/null | sed 's/^v//')"
    [[ "$have" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]] || return 0
    version_at_least "$have" "$sdk" || {
        log "ignoring $candidate: v$have is older than the pulumi SDK $sdk"
        return 0
    }
    PATH="$path_without_ours" command -v pulumi-language-python >/dev/null || return 0
    echo "$candidate $have"
}
