#!/usr/bin/env bash
# `make stop`: stop the Stripe emulator that `make up` left running.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
# shellcheck source=scripts/emulator.sh
source "$REPO_ROOT/scripts/emulator.sh"
emulator_stop
