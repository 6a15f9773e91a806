"""Bad LSP framing: the real ``cdisql serve`` process over stdio with raw bytes, and the reader.

After each malformed frame (a huge Content-Length, a length in characters instead of
UTF-8 bytes, too short, too long, ``abc``, a lower-case name, no space after the colon,
LF-only line ends, no Content-Length) the server must still answer the next 10 requests.
"""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import time
from typing import Any

import pytest

from cdisql.limits import MAX_LSP_MESSAGE_BYTES
from cdisql.lsp.framing import FrameReader


def frame(
    message: dict[str, Any], *, length: int | None = None, header: bytes | None = None
) -> bytes:
    body = json.dumps(message, ensure_ascii=False).encode("utf-8")
    if header is None:
        header = b"Content-Length: %d\r\n\r\n" % (len(body) if length is None else length)
    return header + body


def request(n: int) -> dict[str, Any]:
    """A request every server answers (with MethodNotFound), holding a non-ASCII text."""
    return {"jsonrpc": "2.0", "id": n, "method": "cdisql/noSuchMethod", "params": {"t": "é ü"}}


# -- the reader on its own ---------------------------------------------------------------
def _reader() -> FrameReader:
    return FrameReader(json.loads)


def test_a_stream_of_good_frames_in_odd_chunks_is_read_whole() -> None:
    data = b"".join(frame(request(i)) for i in range(20))
    reader = _reader()
    got: list[Any] = []
    for i in range(0, len(data), 7):
        got += reader.feed(data[i : i + 7])
    assert [m["id"] for m in got] == list(range(20))


def test_an_oversized_length_is_skipped_without_holding_the_body() -> None:
    reader = FrameReader(json.loads, max_body=1000)
    got = reader.feed(b"Content-Length: 999999999999\r\n\r\n" + b"x" * 100_000)
    assert got == [] and len(reader._buf) <= 300
    assert [m["id"] for m in reader.feed(frame(request(1)))] == [1]


@pytest.mark.parametrize(
    "bad",
    [
        frame(request(0), length=len(json.dumps(request(0), ensure_ascii=False))),  # characters
        frame(request(0), length=10),
        frame(request(0), length=500),
        frame(request(0), header=b"Content-Length: abc\r\n\r\n"),
        frame(request(0), header=b"\r\n"),
    ],
    ids=["characters", "short", "long", "abc", "none"],
)
def test_after_a_bad_frame_the_next_one_is_read(bad: bytes) -> None:
    reader = _reader()
    got = reader.feed(bad) + reader.feed(frame(request(1))) + reader.feed(frame(request(2)))
    assert [m["id"] for m in got][-2:] == [1, 2]


def test_header_names_are_case_insensitive_and_line_ends_may_be_lf() -> None:
    body = json.dumps(request(5)).encode()
    for header in (
        b"content-length: %d\r\n\r\n",
        b"Content-Length:%d\r\n\r\n",
        b"Content-Length: %d\n\n",
        b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nCONTENT-LENGTH:  %d \r\n\r\n",
    ):
        assert [m["id"] for m in _reader().feed(header % len(body) + body)] == [5]


def test_a_body_holding_header_text_in_a_string_is_not_cut() -> None:
    message = {"jsonrpc": "2.0", "id": 9, "method": "x", "params": {"t": "Content-Length: 5\r\n"}}
    assert _reader().feed(frame(message)) == [message]


# -- the real server -------------------------------------------------------------------------
class Server:
    def __init__(self) -> None:
        env = dict(os.environ, CDISQL_LOG_LEVEL="ERROR")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cdisql", "serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # a full stderr pipe would block the server
            env=env,
        )
        self._buf = b""

    def send(self, data: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def responses(self, ids: set[int], timeout: float = 30.0) -> set[int]:
        """The ids among ``ids`` answered within ``timeout`` seconds."""
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        seen: set[int] = set()
        deadline = time.monotonic() + timeout
        while not ids <= seen and time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    break
                self._buf += chunk
            while b"\r\n\r\n" in self._buf:
                head, _, rest = self._buf.partition(b"\r\n\r\n")
                found = re.search(rb"Content-Length: (\d+)", head)
                assert found is not None, head
                length = int(found.group(1))
                if len(rest) < length:
                    break
                message = json.loads(rest[:length])
                self._buf = rest[length:]
                if "id" in message and "method" not in message:
                    seen.add(message["id"])
        return seen & ids

    def close(self) -> None:
        self.process.kill()
        self.process.communicate(timeout=30)


@pytest.fixture(scope="module")
def server() -> Any:
    running = Server()
    init = {
        "jsonrpc": "2.0",
        "id": 0,
        "method": "initialize",
        "params": {"processId": None, "rootUri": None, "capabilities": {}},
    }
    running.send(frame(init))
    assert running.responses({0}, timeout=60) == {0}
    running.send(frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
    yield running
    running.close()


_NEXT = [1000]

BAD_FRAMES = {
    "huge length": b"Content-Length: 999999999999\r\n\r\n" + b"{}" * 10,
    "length in characters": frame(
        request(1), length=len(json.dumps(request(1), ensure_ascii=False))
    ),
    "too short": frame(request(1), length=20),
    "too long": frame(request(1), length=1000),
    "too long by one": None,  # built below: the next header loses one byte
    "abc": frame(request(1), header=b"Content-Length: abc\r\n\r\n"),
    "lower-case name": frame(
        request(1), header=b"content-length: %d\r\n\r\n" % len(json.dumps(request(1)))
    ),
    "no space after colon": frame(
        request(1), header=b"Content-Length:%d\r\n\r\n" % len(json.dumps(request(1)))
    ),
    "LF line ends": frame(
        request(1), header=b"Content-Length: %d\n\n" % len(json.dumps(request(1)))
    ),
    "no Content-Length": frame(request(1), header=b"Content-Type: application/json\r\n\r\n"),
    "not JSON": b"Content-Length: 5\r\n\r\nhello",
}


@pytest.mark.parametrize("name", list(BAD_FRAMES))
def test_the_server_answers_ten_requests_after_a_bad_frame(server: Server, name: str) -> None:
    bad = BAD_FRAMES[name]
    if bad is None:
        bad = frame(request(1), length=len(json.dumps(request(1))) + 1)
    server.send(bad)
    ids = set(range(_NEXT[0], _NEXT[0] + 10))
    _NEXT[0] += 10
    server.send(b"".join(frame(request(i)) for i in sorted(ids)))
    assert server.responses(ids) == ids, f"after {name!r}"
    assert server.process.poll() is None


def test_a_huge_length_does_not_grow_the_server(server: Server) -> None:
    server.send(b"Content-Length: %d\r\n\r\n" % (MAX_LSP_MESSAGE_BYTES + 1) + b" " * (8 << 20))
    ids = {5000, 5001}
    server.send(b"".join(frame(request(i)) for i in sorted(ids)))
    assert server.responses(ids) == ids
    if sys.platform != "linux":
        return
    with open(f"/proc/{server.process.pid}/status") as status:
        lines = status.read().splitlines()
    for line in lines:
        if line.startswith("VmRSS:"):
            assert int(line.split()[1]) < 1_000_000  # KiB: far from the declared length


def test_the_tcp_server_survives_a_bad_frame_too() -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "cdisql", "serve", "--tcp", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                sock = socket.create_connection(("127.0.0.1", port), timeout=10)
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.1)
        with sock:
            sock.sendall(b"Content-Length: 999999999999\r\n\r\n{}" + frame(request(7)))
            data = b""
            while b'"id": 7' not in data and b'"id":7' not in data:
                chunk = sock.recv(65536)
                assert chunk, "the server closed the connection"
                data += chunk
        assert process.poll() is None
    finally:
        process.kill()
        process.communicate(timeout=30)
