"""Lint time against the number of statements: it must grow linearly, in the CLI and the server.

A file of N short statements (``SELECT 1;`` lines, the shape of the 488 KB / 50,000
statement file that once took 158 s in the language server) is linted three ways:

- ``core``: :func:`cdisql.lint.lint_text` in this process;
- ``cli``: a fresh ``cdisql lint --no-cache FILE`` process (start-up included);
- ``server``: a real ``cdisql serve`` process over stdio, from ``didOpen`` to the
  ``publishDiagnostics`` of that document.

It prints seconds and microseconds per statement for each size: per-statement time that
stays flat as N grows is linear time. Usage::

    python benchmarks/lint_scaling.py [--sizes 5000,10000,50000] [--skip cli,server]
"""

from __future__ import annotations

import argparse
import json
import os
import select
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def statements(n: int) -> str:
    return "SELECT 1;\n" * n


def time_core(text: str) -> float:
    from cdisql.lint import lint_text

    started = time.perf_counter()
    lint_text(text, "snowflake")
    return time.perf_counter() - started


def time_cli(path: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "cdisql", "lint", "--no-cache", str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - started


def _frame(message: dict[str, Any]) -> bytes:
    body = json.dumps(message).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _messages(fd: int, buf: bytearray) -> list[dict[str, Any]]:
    ready, _, _ = select.select([fd], [], [], 1.0)
    if ready:
        buf += os.read(fd, 1 << 20)
    found = []
    while True:
        head_end = buf.find(b"\r\n\r\n")
        if head_end < 0:
            break
        length = 0
        for line in bytes(buf[:head_end]).split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if len(buf) < head_end + 4 + length:
            break
        found.append(json.loads(bytes(buf[head_end + 4 : head_end + 4 + length])))
        del buf[: head_end + 4 + length]
    return found


def time_server(path: Path, text: str, timeout: float = 900.0) -> float:
    server = subprocess.Popen(
        [sys.executable, "-m", "cdisql", "serve"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert server.stdin is not None and server.stdout is not None
    fd = server.stdout.fileno()
    buf = bytearray()
    uri = path.as_uri()
    try:
        init = {"processId": None, "rootUri": path.parent.as_uri(), "capabilities": {}}
        server.stdin.write(
            _frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": init})
        )
        server.stdin.flush()
        while not any(m.get("id") == 1 for m in _messages(fd, buf)):
            pass
        server.stdin.write(_frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
        doc = {"uri": uri, "languageId": "sql", "version": 1, "text": text}
        started = time.perf_counter()
        server.stdin.write(
            _frame(
                {
                    "jsonrpc": "2.0",
                    "method": "textDocument/didOpen",
                    "params": {"textDocument": doc},
                }
            )
        )
        server.stdin.flush()
        while time.perf_counter() - started < timeout:
            for message in _messages(fd, buf):
                if (
                    message.get("method") == "textDocument/publishDiagnostics"
                    and message["params"]["uri"] == uri
                    and message["params"]["diagnostics"]
                ):
                    return time.perf_counter() - started
        return float("nan")
    finally:
        server.kill()
        server.communicate()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,10000,50000")
    parser.add_argument("--skip", default="", help="comma-separated: core, cli, server")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    skip = set(filter(None, args.skip.split(",")))
    faces = [f for f in ("core", "cli", "server") if f not in skip]
    print(
        f"{'statements':>10} {'KB':>6} " + " ".join(f"{f + ' s':>9} {'us/stmt':>8}" for f in faces)
    )
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            text = statements(n)
            path = Path(folder) / f"s{n}.sql"
            path.write_text(text, encoding="utf-8")
            row = [f"{n:>10} {len(text) // 1024:>6}"]
            for face in faces:
                if face == "core":
                    seconds = time_core(text)
                elif face == "cli":
                    seconds = time_cli(path)
                else:
                    seconds = time_server(path, text)
                row.append(f"{seconds:>9.2f} {1e6 * seconds / n:>8.0f}")
            print(" ".join(row), flush=True)


if __name__ == "__main__":
    main()
