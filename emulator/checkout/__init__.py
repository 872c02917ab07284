"""The customer's side of payment links: the hosted payment page, confirmation and expiry
pages, and the test controls for webhook deliveries and delayed payments."""

from emulator.checkout.control import checkout_control_routes
from emulator.checkout.routes import customer_routes

__all__ = ["checkout_control_routes", "customer_routes"]
