"""A local, stateful Stripe emulator speaking Stripe's v1 wire protocol.

Laid out like moto: `store` (SQLite state), `models/` (Stripe's business rules, no HTTP),
`params` (request parameter schemas), `responses` + `urls` (thin starlette layer),
`exceptions` (Stripe-shaped errors) and `server` (the `paylinks emulator` process).
"""

from emulator.app import EmulatorConfig, create_app
from emulator.server import serve

__all__ = ["EmulatorConfig", "create_app", "serve"]
