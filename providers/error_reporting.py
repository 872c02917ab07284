"""Our one-line errors reach the user as that line, not under a Python traceback.

`pulumi.dynamic`'s provider server (``python -m pulumi.dynamic``) reports any exception raised by
a provider method as ``traceback.format_exc()``. For `StripeCallError` and `ConfigurationError`,
messages written for users and already scrubbed of secrets, the traceback only hides the line that
matters: Pulumi's progress view shows ``error: Traceback (most recent call last):`` as the summary
of a mistyped key. `install` gives the server module a `traceback` whose ``format_exc`` returns
just the message for those two; every other exception (a bug) keeps its full traceback.
"""

from __future__ import annotations

import sys
import traceback
from typing import Any

from .dynamic_server import server_module
from .errors import ConfigurationError, StripeCallError

__all__ = ["install"]

_USER_ERRORS = (StripeCallError, ConfigurationError)


class _TracebackForUsers:
    """The `traceback` module, except ``format_exc`` for errors meant for users."""

    def __getattr__(self, name: str) -> Any:
        return getattr(traceback, name)

    def format_exc(self, *args: Any, **kwargs: Any) -> str:
        error = sys.exc_info()[1]
        if isinstance(error, _USER_ERRORS):
            return str(error)
        return traceback.format_exc(*args, **kwargs)


def install() -> bool:
    """Patch the provider server if this process is one; True when it was patched.

    The server looks ``traceback`` up in its module globals at each failure, so patching on the
    first provider import (its first `check`) covers every later create/update/read/delete.
    """
    server = server_module()
    if server is None:
        return False
    if getattr(server, "traceback", None) is not traceback:
        return False  # another pulumi version, or already patched
    server.traceback = _TracebackForUsers()  # type: ignore[attr-defined]
    return True
