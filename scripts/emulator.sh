# Start, find and stop the bundled Stripe emulator; source it, don't run it.
#
# The emulator outlives `make up` so the printed payment-link URLs (which point
# at it) keep working; `make stop` ends it. Its pid and log live in .paylinks/.

EMULATOR_HOST=127.0.0.1
EMULATOR_PORT="${PAYLINKS_EMULATOR_PORT:-12180}"
EMULATOR_BASE="http://$EMULATOR_HOST:$EMULATOR_PORT"
EMULATOR_DIR="$REPO_ROOT/.paylinks"
EMULATOR_PID_FILE="$EMULATOR_DIR/emulator.pid"
EMULATOR_PORT_FILE="$EMULATOR_DIR/emulator.port"
EMULATOR_LOG="$EMULATOR_DIR/emulator.log"

# emulator_ready: the emulator answers an authenticated API call.
emulator_ready() {
    "$VENV/bin/python" - "$EMULATOR_BASE/v1/products" "$PAYLINKS_LOCAL_STRIPE_KEY" <<'PY'
import sys
import urllib.request

request = urllib.request.Request(sys.argv[1], headers={"Authorization": f"Bearer {sys.argv[2]}"})
try:
    with urllib.request.urlopen(request, timeout=2) as response:
        sys.exit(0 if response.status == 200 else 1)
except OSError:
    sys.exit(1)
PY
}

# emulator_refuse_a_second: stop when this clone's emulator already runs on another port (another
# PAYLINKS_EMULATOR_PORT than the run that started it). A second one would share its database
# and take over the pid file, so `make stop` would leave the first running for good.
emulator_refuse_a_second() {
    [[ -f "$EMULATOR_PID_FILE" && -f "$EMULATOR_PORT_FILE" ]] || return 0
    local pid port
    pid="$(cat "$EMULATOR_PID_FILE")"
    port="$(cat "$EMULATOR_PORT_FILE")"
    kill -0 "$pid" 2>/dev/null || return 0
    [[ "$port" != "$EMULATOR_PORT" ]] || return 0
    die "this clone's Stripe emulator (pid $pid) already runs at http://$EMULATOR_HOST:$port, not at $EMULATOR_BASE: run with PAYLINKS_EMULATOR_PORT=$port, or \`make stop\` it first"
}

# emulator_start: reuse a running emulator or start one and wait until ready.
emulator_start() {
    if emulator_ready; then
        log "Stripe emulator already running at $EMULATOR_BASE"
        return 0
    fi
    mkdir -p "$EMULATOR_DIR"
    emulator_refuse_a_second
    log "starting the Stripe emulator at $EMULATOR_BASE (log: $EMULATOR_LOG)"
    setsid "$VENV/bin/paylinks" emulator --host "$EMULATOR_HOST" --port "$EMULATOR_PORT" \
        --db "$EMULATOR_DIR/emulator.sqlite" >"$EMULATOR_LOG" 2>&1 </dev/null &
    echo $! >"$EMULATOR_PID_FILE"
    echo "$EMULATOR_PORT" >"$EMULATOR_PORT_FILE"
    local waited=0
    until emulator_ready; do
        if ! kill -0 "$(cat "$EMULATOR_PID_FILE")" 2>/dev/null; then
            tail -n 20 "$EMULATOR_LOG" >&2
            die "the Stripe emulator exited before answering (log: $EMULATOR_LOG)"
        fi
        ((waited++ < 150)) || die "the Stripe emulator did not answer at $EMULATOR_BASE within 30s"
        sleep 0.2
    done
}

# emulator_stop: stop the emulator this repo started, if any.
emulator_stop() {
    [[ -f "$EMULATOR_PID_FILE" ]] || { log "no emulator pid file; nothing to stop"; return 0; }
    local pid
    pid="$(cat "$EMULATOR_PID_FILE")"
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        log "stopped the Stripe emulator (pid $pid)"
    fi
    rm -f "$EMULATOR_PID_FILE" "$EMULATOR_PORT_FILE"
}
