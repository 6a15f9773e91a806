"""`cdisql serve --tcp`, and the status notification clients show."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from lsp_harness import open_doc, session, wait_until, write_catalog


def _plain(value: Any) -> Any:
    if hasattr(value, "_asdict"):
        return {k: _plain(v) for k, v in value._asdict().items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _read_message(sock: socket.socket) -> dict[str, Any]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        assert chunk, "connection closed"
        data += chunk
    header, rest = data.split(b"\r\n\r\n", 1)
    length = int(
        next(
            line
            for line in header.decode().split("\r\n")
            if line.lower().startswith("content-length")
        ).split(":")[1]
    )
    while len(rest) < length:
        rest += sock.recv(4096)
    return dict(json.loads(rest[:length]))


def test_serve_over_tcp_answers_initialize(tmp_path: Path) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "cdisql", "serve", "--tcp", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                sock = socket.create_connection(("127.0.0.1", port), timeout=5)
                break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "server did not listen"
                time.sleep(0.1)
        with sock:
            body = json.dumps(
                {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}
            ).encode()
            sock.sendall(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            answer = _read_message(sock)
            assert answer["id"] == 1
            capabilities = answer["result"]["capabilities"]
            assert capabilities["completionProvider"]["resolveProvider"] is True
            assert "cdisql.buildSegment" in capabilities["executeCommandProvider"]["commands"]
    finally:
        server.terminate()
        server.wait(10)


def test_serve_rejects_a_bad_tcp_address() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cdisql", "serve", "--tcp", "nowhere"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode != 0
    assert "HOST:PORT" in done.stderr


async def test_status_notification_reports_source_state_and_catalog(workspace: Path) -> None:
    write_catalog(workspace / "catalog.json")
    received: list[Any] = []
    async with session(workspace, init_options={"catalog": "catalog.json"}) as client:

        def record(params: Any) -> None:
            # pygls hands unknown notifications over as named tuples: back to plain JSON
            received.append(_plain(params))

        client.protocol.fm.features["cdisql/status"] = record
        open_doc(client, workspace / "a.sql", "SELECT 1")

        def loaded() -> bool:
            return any(
                f.get("state") == "catalog-loaded"
                for status in received
                for f in (
                    status.get("folders", [])
                    if isinstance(status, dict)
                    else getattr(status, "folders", [])
                )
            )

        await wait_until(loaded)
        folder = received[-1]["folders"][0]
        assert folder["tables"] == 2
        assert folder["catalogAgeSeconds"] is not None
