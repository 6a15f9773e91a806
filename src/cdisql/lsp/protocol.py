"""Every place cdisql depends on pygls internals, with the pygls range each was checked in.

Read against the source of pygls 2.0.0 and 2.1.1 (``pygls/protocol/json_rpc.py`` and
``language_server.py`` are the same there in what is used here); pyproject allows
``pygls>=2.0,<3``. tests/lsp/test_protocol.py fails by name when one of
:data:`PRIVATE_NAMES` disappears, so a pygls upgrade that moves them is caught at once.

- Document sync: pygls' built-in ``textDocument/didOpen``, ``didChange`` and ``didClose``
  (``LanguageServerProtocol.lsp_text_document__did_*``) keep a copy of the text whose
  line model is not LSP's (lsp/documents.py says how) and rewrite change ranges in the
  request. :class:`CdisqlProtocol` replaces them with ones that only call the server's
  handlers, which keep the text in :class:`~cdisql.lsp.documents.Documents`.
- A request whose params do not fit its method: pygls decodes messages in
  ``structure_message`` (the ``object_hook`` of the reader's ``json.loads``) and raises
  ``JsonRpcInvalidParams``; the reader then drops the message and the client waits for an
  answer forever. :class:`CdisqlProtocol` answers it with InvalidParams instead.
- ``$/cancelRequest`` is pygls' own: it cancels the request's future (an ``async``
  feature's task is cancelled where it awaits). A command runs under pygls'
  ``workspace/executeCommand`` wrapper, whose future is the one cancelled, so a job
  watches that future with :func:`when_cancelled` to stop its worker thread.
- pygls warns about a cancel for a request already answered; clients (VS Code) do that
  routinely, so :class:`_RoutineCancel` lowers that record to DEBUG.
- ``shutdown``: pygls cancels pending requests while iterating the live dict that their
  callbacks shrink; :func:`cancel_pending` cancels them over a copy first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator
from concurrent.futures import Future
from typing import Any

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcInvalidParams
from pygls.protocol import JsonRPCProtocol, LanguageServerProtocol, lsp_method

log = logging.getLogger("cdisql.lsp")

PYGLS_CHECKED = ("2.0.0", "2.1.1")
"""The pygls releases whose source this module was read against."""

PRIVATE_NAMES = ("_send_response", "_request_futures")
"""Private attributes of pygls' ``JsonRPCProtocol`` used here (instance or class)."""

REPLACED_BUILTINS = {
    lsp.TEXT_DOCUMENT_DID_OPEN: "lsp_text_document__did_open",
    lsp.TEXT_DOCUMENT_DID_CHANGE: "lsp_text_document__did_change",
    lsp.TEXT_DOCUMENT_DID_CLOSE: "lsp_text_document__did_close",
}
"""pygls' built-in features :class:`CdisqlProtocol` replaces, by method: the same name
is what makes pygls register the replacement instead of its own."""

_CANCEL_WARNING = "Cancel notification for unknown message id"
"""The start of the record pygls' ``_handle_cancel_notification`` logs for an answered request."""

IGNORED = object()
"""What :meth:`CdisqlProtocol.structure_message` returns for a message already answered."""


class CdisqlProtocol(LanguageServerProtocol):
    """pygls' protocol, answering a request with malformed params instead of dropping it."""

    def structure_message(self, data: Any) -> Any:
        try:
            return super().structure_message(data)
        except Exception as error:
            if (
                isinstance(data, dict)
                and "method" in data
                and isinstance(data.get("id"), (int, str))
            ):
                response = JsonRpcInvalidParams(f"invalid params for {data['method']}: {error}")
                self._send_response(data["id"], None, response.to_response_error())
            return IGNORED

    def _server_handler(self, method: str, params: Any) -> Generator[Any, Any, None]:
        """Hand ``params`` to the server's own handler, as pygls' built-ins do."""
        if (handler := self.fm.features.get(method)) is not None:
            yield handler, (params,), None

    @lsp_method(lsp.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: Any) -> Generator[Any, Any, None]:
        yield from self._server_handler(lsp.TEXT_DOCUMENT_DID_OPEN, params)

    @lsp_method(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: Any) -> Generator[Any, Any, None]:
        yield from self._server_handler(lsp.TEXT_DOCUMENT_DID_CHANGE, params)

    @lsp_method(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: Any) -> Generator[Any, Any, None]:
        yield from self._server_handler(lsp.TEXT_DOCUMENT_DID_CLOSE, params)

    def handle_message(self, message: Any) -> None:
        if message is IGNORED or not hasattr(message, "jsonrpc"):
            log.warning("ignored a message that is not JSON-RPC 2.0")
            return
        super().handle_message(message)


def when_cancelled(protocol: JsonRPCProtocol, callback: Callable[[], object]) -> None:
    """Call ``callback`` once pygls cancels the request being handled now
    (``$/cancelRequest``, or pending at ``shutdown``); nothing outside a request."""
    msg_id = protocol.msg_id
    future: Future[Any] | None = (
        protocol._request_futures.get(msg_id) if msg_id is not None else None
    )
    if future is not None:
        future.add_done_callback(lambda f: callback() if f.cancelled() else None)


def cancel_pending(protocol: JsonRPCProtocol) -> None:
    """Cancel every pending request except the one being handled (``shutdown``)."""
    current = protocol.msg_id
    for msg_id, future in list(protocol._request_futures.items()):
        if msg_id != current and not future.done():
            future.cancel()


class _RoutineCancel(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.msg.startswith(_CANCEL_WARNING):
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
            return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)
        return True


def quiet_routine_cancels() -> None:
    """Log pygls' "cancel for an answered request" at DEBUG (it is routine, not a problem)."""
    logger = logging.getLogger(JsonRPCProtocol.__module__)
    if not any(isinstance(f, _RoutineCancel) for f in logger.filters):
        logger.addFilter(_RoutineCancel())
