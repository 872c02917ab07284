"""The Pulumi internals behind one-line errors and unknown values (`providers.dynamic_server`) and
the program's quiet registrations (`providers.program_runtime`), checked against the installed SDK
(the thread pool's are in tests/unit/test_dynamic_server.py).

When a Pulumi upgrade moves one of them, a test here fails and names it; without these, the
upgrade would silently bring back tracebacks in users' output or mis-read preview values.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import re
import traceback
from types import ModuleType
from typing import Any

import grpc
import pulumi.log
import pytest
from google.protobuf import struct_pb2
from pulumi.output import Unknown
from pulumi.runtime import rpc, settings

from providers import program_runtime
from providers.dynamic_server import SERVER_MODULE, report_user_errors, with_unknown_markers
from providers.errors import ConfigurationError, StateDriftError, StripeCallError
from providers.program_runtime import ROUTINE_DEBUG_LINES
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


# ----- the program's side: the SDK's routine per-resource debug lines (`program_runtime`) -----


def test_the_sdk_still_sends_its_routine_debug_lines_through_pulumi_log() -> None:
    assert isinstance(settings.excessive_debug_output, bool), (
        "pulumi.runtime.settings.excessive_debug_output is gone"
    )
    for name, prefixes in ROUTINE_DEBUG_LINES.items():
        module = importlib.import_module(name)
        assert isinstance(module.log, ModuleType | program_runtime._QuietLog), (
            f"{name} no longer logs through a module-level `log`"
        )
        source = inspect.getsource(module)
        for prefix in prefixes:
            assert re.search(r'log\.debug\(\s*f?"' + re.escape(prefix), source), (
                f"{name} no longer logs {prefix!r} lines: update ROUTINE_DEBUG_LINES"
            )


class EngineRecorder:
    """The engine stub `pulumi.log` sends to: records each line's message."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def Log(self, request: Any) -> None:  # the gRPC method's name
        self.messages.append(request.message)


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> EngineRecorder:
    recorder = EngineRecorder()
    monkeypatch.setattr(pulumi.log, "get_engine", lambda: recorder)
    return recorder


def sdk_modules_logging_plainly() -> dict[str, ModuleType]:
    """Stand-ins for the SDK modules, as they are before `quiet_routine_debug_lines`."""
    modules = {}
    for name in ROUTINE_DEBUG_LINES:
        module = ModuleType(name)
        module.log = pulumi.log  # type: ignore[attr-defined]
        modules[name] = module
    return modules


def test_routine_registration_lines_stay_in_the_program_and_the_rest_reach_the_engine(
    engine: EngineRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "excessive_debug_output", False)
    modules = sdk_modules_logging_plainly()
    assert program_runtime.quiet_routine_debug_lines(modules) == list(ROUTINE_DEBUG_LINES)
    resource_log = modules["pulumi.runtime.resource"].log
    rpc_log = modules["pulumi.runtime.rpc_manager"].log
    resource_log.debug("registering resource: ty=dynamic:Product, name=p1, custom=True")
    resource_log.debug("resource registration prepared: ty=dynamic:Product, name=p1")
    rpc_log.debug("beginning rpc register_resource")
    resource_log.debug("resource registration successful: ty=dynamic:Product, urn=urn:p1")
    resource_log.debug("exception when preparing or executing rpc for ty='x' name='p1': boom")
    resource_log.warn("a warning")
    pulumi.log.debug("registering resource: the program's own line")
    assert engine.messages == [
        "exception when preparing or executing rpc for ty='x' name='p1': boom",
        "a warning",
        "registering resource: the program's own line",
    ]
    assert program_runtime.quiet_routine_debug_lines(modules) == [], "patched twice"


def test_excessive_debug_output_brings_the_routine_lines_back(
    engine: EngineRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    modules = sdk_modules_logging_plainly()
    program_runtime.quiet_routine_debug_lines(modules)
    monkeypatch.setattr(settings, "excessive_debug_output", True)
    modules["pulumi.runtime.rpc_manager"].log.debug("beginning rpc register_resource")
    assert engine.messages == ["beginning rpc register_resource"]


def test_the_real_sdk_modules_are_patched(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ROUTINE_DEBUG_LINES:
        monkeypatch.setattr(importlib.import_module(name), "log", pulumi.log)  # restored after
    assert program_runtime.quiet_routine_debug_lines() == list(ROUTINE_DEBUG_LINES)
