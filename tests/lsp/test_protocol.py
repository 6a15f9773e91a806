"""The pygls internals cdisql relies on (src/cdisql/lsp/protocol.py) are still there.

These fail by name on a pygls upgrade that moves one of them, before any end-to-end test
fails for a reason that is hard to trace back (a request never answered, a build that
keeps running after its cancel).
"""

from __future__ import annotations

import inspect
import logging
from concurrent.futures import Future
from importlib.metadata import version

import pytest
from pygls.protocol import JsonRPCProtocol, LanguageServerProtocol

from cdisql.lsp import protocol
from cdisql.lsp.server import SERVER


def test_the_installed_pygls_is_a_2_x_release_like_the_checked_ones() -> None:
    installed = version("pygls")
    assert installed.split(".")[0] == "2", installed
    assert all(v.startswith("2.") for v in protocol.PYGLS_CHECKED)


@pytest.mark.parametrize("name", protocol.PRIVATE_NAMES)
def test_each_private_pygls_attribute_used_still_exists(name: str) -> None:
    instance = SERVER.protocol
    assert isinstance(instance, JsonRPCProtocol)
    assert hasattr(instance, name), (
        f"pygls {version('pygls')} has no JsonRPCProtocol.{name}: re-read its source and "
        "update src/cdisql/lsp/protocol.py (and PYGLS_CHECKED)"
    )


def test_request_futures_is_the_dict_pygls_cancels_on_cancel_request() -> None:
    # pygls' $/cancelRequest pops the request's future from this dict and cancels it
    source = inspect.getsource(JsonRPCProtocol._handle_cancel_notification)
    assert "_request_futures" in source and ".cancel()" in source, source
    assert isinstance(SERVER.protocol._request_futures, dict)


def test_the_routine_cancel_warning_is_still_worded_as_the_filter_expects() -> None:
    source = inspect.getsource(JsonRPCProtocol._handle_cancel_notification)
    assert protocol._CANCEL_WARNING in source, source


def test_when_cancelled_runs_once_pygls_cancels_the_current_request() -> None:
    proto = SERVER.protocol
    future: Future[None] = Future()
    proto._request_futures["req-7"] = future
    fired: list[str] = []
    token = proto._ctx_msg_id.set("req-7")
    try:
        protocol.when_cancelled(proto, lambda: fired.append("cancelled"))
    finally:
        proto._ctx_msg_id.reset(token)
    proto._handle_cancel_notification("req-7")  # what pygls runs for $/cancelRequest
    assert fired == ["cancelled"]
    assert "req-7" not in proto._request_futures


def test_a_cancel_for_an_answered_request_is_logged_at_debug(
    caplog: pytest.LogCaptureFixture,
) -> None:
    protocol.quiet_routine_cancels()
    with caplog.at_level(logging.INFO):
        SERVER.protocol._handle_cancel_notification("never-sent")
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text


@pytest.mark.parametrize(("method", "name"), sorted(protocol.REPLACED_BUILTINS.items()))
def test_the_document_sync_builtins_pygls_registers_are_the_replacements(
    method: str, name: str
) -> None:
    # the name must still be pygls' own (else pygls would run both, its copy included)
    assert callable(getattr(LanguageServerProtocol, name, None)), (
        f"pygls {version('pygls')} has no LanguageServerProtocol.{name}: re-read its "
        "source and update REPLACED_BUILTINS in src/cdisql/lsp/protocol.py"
    )
    registered = SERVER.protocol.fm.builtin_features[method]
    assert registered.__func__ is getattr(protocol.CdisqlProtocol, name)
