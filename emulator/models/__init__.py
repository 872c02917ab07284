"""Stripe's resources and their rules, without HTTP (moto's `models.py`, one module each)."""

from emulator.models.backend import Backend

__all__ = ["Backend"]
