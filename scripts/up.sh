#!/usr/bin/env bash
# `make up`: the README's main job. Applies the dev stack (or PAYLINKS_STACK) through the same
# path as `make deploy`: venv + toolchain, the bundled Stripe emulator for dev, the stack created
# on the local file backend if missing, a real `pulumi up`, then the links.
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/deploy.sh" "${PAYLINKS_STACK:-dev}"
