"""The Pulumi internals behind one-line errors and unknown values (`providers.dynamic_server`),
checked against the installed SDK (the thread pool's are in tests/unit/test_dynamic_server.py).

When a Pulumi upgrade moves one of them, a test here fails and names it; without these, the
upgrade would silently bring back tracebacks in users' output or mis-read preview values.
"""

from __future__ import annotations

import ast
import importlib.util
import traceback
from types import ModuleType
from typing import Any

import grpc
import pytest
from google.protobuf import struct_pb2
from pulumi.output import Unknown
from pulumi.runtime import rpc

from providers.dynamic_server import SERVER_MODULE, report_user_errors, with_unknown_markers
from providers.errors import ConfigurationError, StateDriftError, StripeCallError
from schemas.unknown import UNKNOWN


def load_server_module() -> ModuleType:
    """`pulumi.dynamic.__main__` as a module, without the `main()` call that starts serving."""
    spec = importlib.util.find_spec(SERVER_MODULE)
    assert spec is not None and spec.origin, f"{SERVER_MODULE} is gone from the Pulumi SDK"
    with open(spec.origin) as source:
        tree = ast.parse(source.read(), spec.origin)
    tree.body = [
        node
        for node in tree.body
        if not (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Call)
            and getattr(node.value.func, "id", None) == "main"
        )
    ]
    module = ModuleType("pulumi_dynamic_server_under_test")
    module.__file__ = spec.origin
    exec(compile(tree, spec.origin, "exec"), module.__dict__)
    return module


class AbortRecorder:
    """A gRPC context whose `abort` records what the server would send to the engine."""

    def __init__(self) -> None:
        self.aborted: tuple[Any, str] | None = None

    def abort(self, code: Any, details: str) -> None:
        self.aborted = (code, details)


def failing_with(error: Exception) -> Any:
    def method(_self: Any, _request: Any, _context: Any) -> Any:
        raise error

    return method


def test_the_wire_unknown_is_the_one_schemas_defines() -> None:
    assert rpc.UNKNOWN == UNKNOWN


def test_unknown_inputs_reach_providers_as_unknown_objects_and_are_turned_back() -> None:
    wire = struct_pb2.Struct()
    wire.update({"price": UNKNOWN, "line_items": [{"price": UNKNOWN, "quantity": 1}]})
    news = rpc.deserialize_properties(wire, True)  # as the server's Check/Diff read `news`
    assert isinstance(news["price"], Unknown)
    assert isinstance(news["line_items"][0]["price"], Unknown)
    assert with_unknown_markers(news) == {
        "price": UNKNOWN,
        "line_items": [{"price": UNKNOWN, "quantity": 1.0}],
    }


def test_the_server_formats_failures_with_its_module_level_traceback() -> None:
    server = load_server_module()
    assert server.traceback is traceback, "the server no longer uses the traceback module"
    assert callable(getattr(server, "_abort_with_traceback", None)), (
        "the server no longer wraps provider methods in `_abort_with_traceback`"
    )
    context = AbortRecorder()
    server._abort_with_traceback(failing_with(RuntimeError("a bug")))(None, None, context)
    assert context.aborted is not None
    assert "Traceback (most recent call last)" in context.aborted[1]


@pytest.mark.parametrize(
    "error",
    [
        StripeCallError("create payment link spring-sale failed: No such price (HTTP 400)"),
        ConfigurationError("Refusing a live Stripe key on a stack not marked live"),
        StateDriftError("line item with price price_1 is not on this link: run `pulumi refresh`"),
    ],
)
def test_user_errors_reach_the_engine_as_their_one_line(error: Exception) -> None:
    server = load_server_module()
    assert report_user_errors(server) is True
    context = AbortRecorder()
    server._abort_with_traceback(failing_with(error))(None, None, context)
    assert context.aborted == (grpc.StatusCode.UNKNOWN, str(error))


def test_bugs_keep_their_traceback_once_patched() -> None:
    server = load_server_module()
    assert report_user_errors(server) is True
    assert report_user_errors(server) is False, "patched twice"
    context = AbortRecorder()
    server._abort_with_traceback(failing_with(KeyError("oops")))(None, None, context)
    assert context.aborted is not None
    assert "Traceback (most recent call last)" in context.aborted[1]
    assert "KeyError: 'oops'" in context.aborted[1]


def test_nothing_is_patched_outside_the_provider_server() -> None:
    assert report_user_errors() is False  # pytest's __main__ is not the provider server
