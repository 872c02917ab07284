#!/usr/bin/env bash
# Make the Pulumi toolchain available in $PAYLINKS_TOOLCHAIN/bin (outside git).
#
# Installs: pulumi (CLI + engine), pulumi-language-python (our own host,
# toolchain/cli/langhost), the launchers pulumi-language-python-exec and
# pulumi-resource-pulumi-python (toolchain/launchers), stripe-mock, actionlint.
# A `pulumi` already on PATH at or above the Python SDK's version (with its
# Python language host) is used as it is instead of building one.
#
# Idempotent and fast when present: bin/.stamp records the versions and a hash
# of the toolchain sources; a matching stamp means nothing to do. Builds go to
# a staging dir that replaces bin/ only once complete, so an interrupted build
# never leaves a toolchain that looks complete.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
# shellcheck source=toolchain/versions.env
source "$REPO_ROOT/toolchain/versions.env"

# sources_hash: what our built binaries depend on, by repo-relative path.
sources_hash() {
    (cd "$REPO_ROOT" && find toolchain scripts/toolchain.sh -type f -print0 \
        | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
}

# go_ok: Go is installed and at least GO_MIN_VERSION.
go_ok() {
    command -v go >/dev/null || return 1
    version_at_least "$(go env GOVERSION 2>/dev/null | sed 's/^go//')" "$GO_MIN_VERSION"
}

# run_with_progress LABEL LOG CMD...: run CMD quietly, report every 15 s.
run_with_progress() {
    local label="$1" logfile="$2" pid ticks=0
    shift 2
    "$@" >"$logfile" 2>&1 &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        sleep 1
        ticks=$((ticks + 1))
        if ((ticks % 15 == 0)) && kill -0 "$pid" 2>/dev/null; then
            log "  ... $label: ${ticks}s, $(wc -l <"$logfile") packages compiled"
        fi
    done
    if ! wait "$pid"; then
        tail -n 40 "$logfile" >&2
        die "$label failed (full log: $logfile)"
    fi
}

# release_ldflags: Pulumi's release flags; -X sets the version the CLI reports.
release_ldflags() { echo "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION"; }

build_pulumi() {
    local stage="$1" logdir="$2"
    log "building pulumi v$PULUMI_VERSION from Go modules (cold: ~6 min on 2 cores; cached: seconds)"
    (cd "$REPO_ROOT/toolchain/cli" && run_with_progress "pulumi CLI (module download + build)" "$logdir/pulumi.log" \
        go build -v -trimpath -tags osusergo,grpcnotrace -ldflags "$(release_ldflags)" \
        -o "$stage/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
    log "building pulumi-language-python (toolchain/cli/langhost)"
    (cd "$REPO_ROOT/toolchain/cli" && run_with_progress "language host build" "$logdir/langhost.log" \
        go build -v -trimpath -tags osusergo,grpcnotrace \
        -ldflags "-s -w -X main.version=$PULUMI_VERSION" -o "$stage/pulumi-language-python" ./langhost)
    install -m 0755 "$REPO_ROOT/toolchain/launchers/pulumi-language-python-exec" \
        "$REPO_ROOT/toolchain/launchers/pulumi-resource-pulumi-python" "$stage/"
    [[ "$("$stage/pulumi" version)" == "v$PULUMI_VERSION" ]] \
        || die "built pulumi reports '$("$stage/pulumi" version)', expected v$PULUMI_VERSION"
}

build_go_tools() {
    local stage="$1" logdir="$2"
    log "building stripe-mock $STRIPE_MOCK_VERSION and actionlint $ACTIONLINT_VERSION"
    (cd "$logdir" && GOBIN="$stage" run_with_progress "stripe-mock build" "$logdir/stripe-mock.log" \
        go install -v -trimpath -ldflags "-s -w -X main.version=$STRIPE_MOCK_VERSION" \
        "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION")
    (cd "$logdir" && GOBIN="$stage" run_with_progress "actionlint build" "$logdir/actionlint.log" \
        go install -v -trimpath -ldflags "-s -w -X main.version=$ACTIONLINT_VERSION" \
        "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION")
}

# install_stage STAGE: swap the complete staging dir in as bin/.
install_stage() {
    local stage="$1" old="$PAYLINKS_TOOLCHAIN/.old.$$"
    if [[ -d "$TOOLCHAIN_BIN" ]]; then mv "$TOOLCHAIN_BIN" "$old"; fi
    mv "$stage" "$TOOLCHAIN_BIN"
    rm -rf "$old"
}

main() {
    local external pulumi_source expected stage logdir started=$SECONDS
    mkdir -p "$PAYLINKS_TOOLCHAIN"
    exec 9>"$PAYLINKS_TOOLCHAIN/.lock"
    flock 9 # one build at a time; a waiting caller then sees the fresh stamp

    external="$(external_pulumi)"
    pulumi_source="${external:-built $PULUMI_VERSION}"
    expected="pulumi=$pulumi_source sdk=$PULUMI_SDK_VERSION
stripe-mock=$STRIPE_MOCK_VERSION
actionlint=$ACTIONLINT_VERSION
sources=$(sources_hash)"
    if [[ -f "$TOOLCHAIN_BIN/.stamp" && "$(cat "$TOOLCHAIN_BIN/.stamp")" == "$expected" ]]; then
        log "toolchain up to date in $TOOLCHAIN_BIN"
        return 0
    fi

    go_ok || die "building the toolchain needs Go >= $GO_MIN_VERSION (found: $(go env GOVERSION 2>/dev/null || echo none)): install Go >= $GO_MIN_VERSION (https://go.dev/dl/); with a Pulumi CLI >= v$PULUMI_SDK_VERSION on PATH only stripe-mock and actionlint are built"
    export CGO_ENABLED=0 GOFLAGS="${GOFLAGS:+$GOFLAGS }-buildvcs=false"

    rm -rf "$PAYLINKS_TOOLCHAIN"/.staging.* "$PAYLINKS_TOOLCHAIN"/.old.*
    stage="$PAYLINKS_TOOLCHAIN/.staging.$$"
    logdir="$PAYLINKS_TOOLCHAIN/logs"
    mkdir -p "$stage" "$logdir"
    trap 'rm -rf "$stage"' EXIT

    if [[ -n "$external" ]]; then
        log "using ${external% *} (v${external#* }) and its language host"
    else
        build_pulumi "$stage" "$logdir"
    fi
    build_go_tools "$stage" "$logdir"
    printf '%s\n' "$expected" >"$stage/.stamp"
    install_stage "$stage"
    trap - EXIT
    log "toolchain ready in $TOOLCHAIN_BIN ($((SECONDS - started))s)"
}

main "$@"
