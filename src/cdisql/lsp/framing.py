"""Reading LSP messages from a byte stream, the way a server that must not die reads them.

pygls 2 (its ``pygls.io_.run_async``, read in 2.0.0 and 2.1.1: see
:data:`cdisql.lsp.protocol.PYGLS_CHECKED`) reads a header with
the exact pattern ``Content-Length: N\\r\\n``, then ``read(N)``: one header of
``Content-Length: 999999999999`` ends the process with ``MemoryError``, and one frame
whose length is wrong (counted in characters instead of UTF-8 bytes, too short, too
long, ``abc``, a lower-case name, no space after the colon, LF-only line ends, no
Content-Length at all) leaves it reading bodies as headers forever.

:class:`FrameReader` is a small state machine over bytes, with no I/O:

- header names are matched case-insensitively, with any spaces around the value and
  ``\\r\\n`` or ``\\n`` line ends, as the specification's HTTP-style headers allow;
  ``Content-Type`` is optional and ignored;
- a length above :data:`~cdisql.limits.MAX_LSP_MESSAGE_BYTES` is refused and its body
  skipped without being held in memory;
- after a bad frame it resynchronises on the next header. A header line cannot occur
  inside a JSON text (a JSON string cannot hold a raw line end, and the header line
  holds no quote), so a body declared too long is cut where the next header starts, and
  the tail of a body declared too short is joined back to it;
- whatever cannot be decoded is logged and skipped; the next frame is read as usual.

:func:`serve_stdio` (and :func:`serve_tcp`) run a pygls server's protocol with this reader (in
place of ``start_io`` and ``start_tcp``) and turn SIGTERM/SIGHUP into a clean stop. They use
only pygls' public surface: ``protocol.structure_message`` as the ``json`` object hook (as
pygls' own reader does), ``protocol.handle_message``, ``protocol.set_writer`` and
``server.shutdown()``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import re
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

from cdisql.limits import MAX_LSP_MESSAGE_BYTES

log = logging.getLogger("cdisql.lsp.framing")

MAX_HEADER_BYTES = 8192
"""A header block longer than this is not a header: it is skipped as noise."""

IDLE_S = 0.2
"""After this long with no new bytes, a body still waiting for its declared length is
tried as it is (a length declared too long, with no message after it)."""

_HEADER_START = re.compile(rb"(?i)content-(?:length|type)[ \t]*:")
# a whole header line: it cannot appear inside a JSON text (no raw line end in a string,
# no quote in the line), so it marks where the next frame starts
_HEADER_LINE = re.compile(rb'(?i)content-(?:length|type)[ \t]*:[^\r\n"]{0,200}\r?\n')
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_LINE_SPLIT = re.compile(rb"\r?\n")
_SCAN_OVERLAP = 256

Decode = Callable[[bytes], Any]


class FrameReader:
    """Bytes in, decoded messages out; never raises for what the peer sends.

    ``decode`` turns a body into a message and raises ``ValueError`` (``json`` errors
    are ``ValueError``) when the body is not one.
    """

    def __init__(self, decode: Decode, *, max_body: int = MAX_LSP_MESSAGE_BYTES) -> None:
        self._decode = decode
        self._max_body = max_body
        self._buf = bytearray()
        self._length: int | None = None  # in a body of this declared length
        self._scanned = 0  # how far the body was searched for the next header
        self._skipping = False  # in the body of a refused (oversized) frame
        self._pending = bytearray()  # an undecodable body, maybe completed by what follows

    # -- input ---------------------------------------------------------------------------
    def feed(self, data: bytes) -> list[Any]:
        self._buf += data
        messages: list[Any] = []
        while self._step(messages):
            pass
        return messages

    def idle(self) -> list[Any]:
        """No bytes for a while: a body waiting for more than was sent is taken as it is."""
        if self._length is None or not self._buf:
            return []
        messages: list[Any] = []
        if len(self._buf) >= self._length:  # waiting only to rule out a header before the end
            self._take(self._length, messages)
            return messages
        body = bytes(self._buf)
        try:
            message = self._decode(body)
        except ValueError:
            return []
        log.error(
            "message shorter (%d bytes) than its Content-Length (%d): read as it is",
            len(body),
            self._length,
        )
        self._buf.clear()
        self._end_body()
        return [message]

    def eof(self) -> list[Any]:
        """The stream ended: decode what is left if it is a whole message."""
        rest = bytes(self._pending) + bytes(self._buf)
        self._buf.clear()
        self._pending.clear()
        if not rest.strip():
            return []
        try:
            return [self._decode(rest)]
        except ValueError:
            log.error("the stream ended inside a message: %d bytes dropped", len(rest))
            return []

    # -- the state machine -----------------------------------------------------------------
    def _step(self, messages: list[Any]) -> bool:
        if self._skipping:
            return self._skip_oversized()
        if self._length is not None:
            return self._read_body(messages)
        return self._read_header(messages)

    def _read_header(self, messages: list[Any]) -> bool:
        start = _HEADER_START.search(self._buf)
        if start is None:
            # noise, or the tail of a body declared too short: keep it (bounded) for the
            # message it may complete, except a last few bytes that may start a header
            keep = max(0, len(self._buf) - 32)
            if keep:
                self._hold(bytes(self._buf[:keep]))
                del self._buf[:keep]
            return False
        if start.start() > 0:
            self._hold(bytes(self._buf[: start.start()]))
            del self._buf[: start.start()]
        self._settle_pending(messages)
        end = _HEADER_END.search(self._buf)
        if end is None:
            if len(self._buf) > MAX_HEADER_BYTES:
                log.error("a header block longer than %d bytes: skipped", MAX_HEADER_BYTES)
                del self._buf[: start.end() - start.start()]
                return True
            return False
        block = bytes(self._buf[: end.start()])
        del self._buf[: end.end()]
        length = _content_length(block)
        if length is None:
            log.error("a message header without a valid Content-Length: %r", block[:200])
            return True  # its body is read as noise, and decoded if it is a message
        if length > self._max_body:
            log.error(
                "a message of %d bytes exceeds the %d-byte limit: skipped",
                length,
                self._max_body,
            )
            self._skipping = True
            return True
        self._length = length
        self._scanned = 0
        return True

    def _read_body(self, messages: list[Any]) -> bool:
        length = self._length
        assert length is not None
        nxt = _HEADER_LINE.search(self._buf, max(0, self._scanned - _SCAN_OVERLAP))
        if nxt is not None and nxt.start() < length:
            # the next header starts inside the declared body: the length was too long
            log.error(
                "message shorter (%d bytes) than its Content-Length (%d): resynchronised",
                nxt.start(),
                length,
            )
            self._take(nxt.start(), messages)
            return True
        beyond = len(self._buf) - length
        if beyond < 0:
            self._scanned = len(self._buf)
            return False
        # at the declared end: take it unless a header line that starts before the end
        # may still be arriving (what follows is neither a header nor clearly data)
        if nxt is not None or beyond == 0 or beyond >= _SCAN_OVERLAP:
            self._take(length, messages)
            return True
        self._scanned = len(self._buf)
        return False

    def _take(self, size: int, messages: list[Any]) -> None:
        body = bytes(self._buf[:size])
        del self._buf[:size]
        self._end_body()
        self._emit(body, messages)

    def _skip_oversized(self) -> bool:
        nxt = _HEADER_LINE.search(self._buf)
        if nxt is None:
            keep = min(len(self._buf), _SCAN_OVERLAP)
            del self._buf[: len(self._buf) - keep]
            return False
        del self._buf[: nxt.start()]
        self._skipping = False
        return True

    # -- bodies ------------------------------------------------------------------------
    def _end_body(self) -> None:
        self._length = None
        self._scanned = 0

    def _emit(self, body: bytes, messages: list[Any]) -> None:
        try:
            messages.append(self._decode(body))
        except ValueError:
            # maybe cut short (a length in characters, not bytes): the rest comes next
            self._pending = bytearray(body)

    def _hold(self, noise: bytes) -> None:
        if len(self._pending) + len(noise) > self._max_body:
            log.error("%d bytes of unframed data: skipped", len(self._pending) + len(noise))
            self._pending.clear()
            return
        self._pending += noise

    def _settle_pending(self, messages: list[Any]) -> None:
        """A header starts here: what was held since the last message ends here too."""
        if not self._pending:
            return
        held = bytes(self._pending)
        self._pending.clear()
        if not held.strip():
            return
        try:
            messages.append(self._decode(held))
            log.error("a message with a wrong or missing Content-Length: read up to the next")
        except ValueError:
            log.error("%d bytes that are not a message: skipped", len(held))


def _content_length(block: bytes) -> int | None:
    """The Content-Length of a header block (names case-insensitive), or None."""
    for line in _LINE_SPLIT.split(block):
        name, colon, value = line.partition(b":")
        if colon and name.strip().lower() == b"content-length":
            text = value.strip()
            return int(text) if text.isdigit() and len(text) <= 18 else None
    return None


# -- running a pygls server on stdio ------------------------------------------------------
def _stdin_chunks(loop: asyncio.AbstractEventLoop, queue: asyncio.Queue[bytes]) -> None:
    """A daemon thread's loop: stdin's bytes as they come, then ``b""`` at the end."""
    fd = sys.stdin.fileno()
    while True:
        try:
            chunk = os.read(fd, 1 << 16)
        except OSError:
            chunk = b""
        loop.call_soon_threadsafe(queue.put_nowait, chunk)
        if not chunk:
            return


async def _run(
    server: Any,
    received: list[int],
    on_signal: Callable[[], object],
    queue: asyncio.Queue[bytes] | None = None,
) -> None:
    """Read ``queue`` (default: stdin, from a daemon thread) through a :class:`FrameReader`
    into ``server``'s protocol until the stream ends or a stop signal arrives."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()

    def stop_on(sig: int) -> None:
        received.append(sig)
        on_signal()
        stop.set()

    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        # not on Windows, nor outside the main thread: there the signal acts as it would
        if sig is not None:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, stop_on, sig)
    if queue is None:
        queue = asyncio.Queue()
        threading.Thread(
            target=_stdin_chunks, args=(loop, queue), name="cdisql-stdin", daemon=True
        ).start()
    protocol = server.protocol
    reader = FrameReader(lambda body: json.loads(body, object_hook=protocol.structure_message))
    stopping = asyncio.ensure_future(stop.wait())
    try:
        while not stop.is_set():
            getting = asyncio.ensure_future(queue.get())
            done, _ = await asyncio.wait(
                {getting, stopping}, timeout=IDLE_S, return_when=asyncio.FIRST_COMPLETED
            )
            if getting not in done:
                getting.cancel()
                if not stop.is_set():
                    _handle(protocol, reader.idle())
                continue
            chunk = getting.result()
            if not chunk:
                _handle(protocol, reader.eof())
                break
            _handle(protocol, reader.feed(chunk))
    finally:
        stopping.cancel()


def _handle(protocol: Any, messages: list[Any]) -> None:
    for message in messages:
        try:
            protocol.handle_message(message)
        except Exception:
            log.exception("unable to handle a message")


def serve_stdio(server: Any, *, on_signal: Callable[[], object] = lambda: None) -> int | None:
    """Run ``server`` (a pygls ``LanguageServer``) on stdin/stdout with :class:`FrameReader`
    until the client closes stdin, sends ``exit``, or SIGTERM/SIGHUP arrives (then
    ``on_signal()`` runs first, while the event loop still does). Returns the stop
    signal's number, or None. (pygls' ``start_io``, with this reader.)"""
    from pygls.io_ import StdoutWriter

    server.protocol.set_writer(StdoutWriter(sys.stdout.buffer))
    received: list[int] = []
    try:
        asyncio.run(_run(server, received, on_signal))
    except BrokenPipeError:
        log.error("the connection to the client is lost: stopping")
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.shutdown()
    return received[0] if received else None


def serve_tcp(
    server: Any, host: str, port: int, *, on_signal: Callable[[], object] = lambda: None
) -> int | None:
    """:func:`serve_stdio` for one client on a TCP socket (pygls' ``start_tcp``, with
    :class:`FrameReader`): the server stops when that client disconnects."""
    received: list[int] = []

    async def listen() -> None:
        finished = asyncio.Event()

        async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            server.protocol.set_writer(writer)
            queue: asyncio.Queue[bytes] = asyncio.Queue()

            async def pump() -> None:
                while True:
                    chunk = await reader.read(1 << 16)
                    queue.put_nowait(chunk)
                    if not chunk:
                        return

            pumping = asyncio.ensure_future(pump())
            try:
                await _run(server, received, on_signal, queue)
            finally:
                pumping.cancel()
                finished.set()

        listener = await asyncio.start_server(connection, host, port)
        async with listener:
            await finished.wait()

    try:
        asyncio.run(listen())
    except (KeyboardInterrupt, SystemExit, ConnectionError):
        pass
    finally:
        server.shutdown()
    return received[0] if received else None
