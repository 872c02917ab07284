"""The one test harness: real processes (emulator, stripe-mock, the Pulumi CLI) and shared catalogs.

Fixtures live in `tests.support.fixtures`, registered once by `tests/conftest.py`; test modules
import classes and helpers from here, never from a conftest.
"""
