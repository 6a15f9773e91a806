"""Language-server latency and memory, timed at the client over stdio.

    python benchmarks/lsp_latency.py [--runs 200] [--tables 10000] [--columns 50]

Measures, against the real ``cdisql serve`` process:

1. edit -> publishDiagnostics on a 40-line segment (p50/p95), and the same for a bare
   pygls server that only runs ``sqlglot.parse`` (``lsp_baseline_server.py``), in the
   same run; the issue's targets: p95 <= 15 ms and <= 2x the baseline;
2. edit -> publishDiagnostics on a 2,000-line file;
3. completion with a generated catalog of 10,000 tables / 500,000 columns, in four
   contexts (after FROM, after ``alias.``, in an expression, in the 2,000-line file);
   target p95 <= 10 ms; then the 40-line and 2,000-line edits again with that catalog
   loaded (the catalog rules run);
4. the server's resident memory (RSS) with that catalog loaded; target <= 150 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from lsp_segments import SEGMENT_40, big_file, write_big_catalog  # noqa: E402

CDISQL = [sys.executable, "-m", "cdisql", "serve"]
BASELINE = [sys.executable, str(HERE / "lsp_baseline_server.py")]


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Client:
    """A pygls client that records when each document version's diagnostics arrive."""

    def __init__(self) -> None:
        self.lc = LanguageClient("cdisql-bench", "1")
        self.waiting: dict[tuple[str, int], asyncio.Future[float]] = {}

        @self.lc.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: lsp.PublishDiagnosticsParams) -> None:
            key = (params.uri, params.version if params.version is not None else -1)
            future = self.waiting.pop(key, None)
            if future is not None and not future.done():
                future.set_result(time.perf_counter())

        @self.lc.feature("cdisql/status")
        def status(params: Any) -> None:
            pass

        @self.lc.feature(lsp.WINDOW_SHOW_MESSAGE)
        def shown(params: lsp.ShowMessageParams) -> None:
            print(f"  server says: {params.message}", file=sys.stderr)

    async def start(self, command: list[str], init_options: Any = None) -> None:
        await self.lc.start_io(*command)
        await self.lc.initialize_async(
            lsp.InitializeParams(
                capabilities=lsp.ClientCapabilities(
                    text_document=lsp.TextDocumentClientCapabilities(
                        publish_diagnostics=lsp.PublishDiagnosticsClientCapabilities(
                            version_support=True
                        )
                    )
                ),
                initialization_options=init_options,
                root_uri=Path(tempfile.gettempdir()).as_uri(),
            )
        )
        self.lc.initialized(lsp.InitializedParams())

    @property
    def pid(self) -> int:
        server = self.lc._server
        assert server is not None
        return int(server.pid)

    def expect(self, uri: str, version: int) -> asyncio.Future[float]:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiting[(uri, version)] = future
        return future

    async def open(self, uri: str, text: str) -> None:
        done = self.expect(uri, 1)
        self.lc.text_document_did_open(
            lsp.DidOpenTextDocumentParams(
                text_document=lsp.TextDocumentItem(uri=uri, language_id="sql", version=1, text=text)
            )
        )
        await asyncio.wait_for(done, 60)

    async def edit_latency(self, uri: str, version: int, text: str) -> float:
        done = self.expect(uri, version)
        start = time.perf_counter()
        self.lc.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        end = await asyncio.wait_for(done, 30)
        return (end - start) * 1000

    async def stop(self) -> None:
        try:
            await asyncio.wait_for(self.lc.shutdown_async(None), 10)
            self.lc.exit(None)
        except Exception:
            pass
        await self.lc.stop()


async def edits(
    client: Client, uri: str, text: str, runs: int, vary: Callable[[int], str]
) -> list[float]:
    await client.open(uri, text)
    samples = []
    for i in range(runs + 10):
        latency = await client.edit_latency(uri, i + 2, vary(i))
        if i >= 10:  # warm-up
            samples.append(latency)
        await asyncio.sleep(0.002)
    return samples


def vary_segment(i: int) -> str:
    return SEGMENT_40.replace("> 100", f"> {100 + i}")


async def timed(call: Callable[[], Awaitable[Any]], runs: int) -> list[float]:
    samples = []
    for i in range(runs + 10):
        start = time.perf_counter()
        result = await call()
        if i >= 10:
            samples.append((time.perf_counter() - start) * 1000)
        assert result is not None
    return samples


def report(name: str, samples: list[float], target: str = "") -> tuple[float, float]:
    p50, p95 = percentiles(samples)
    suffix = f"   target {target}" if target else ""
    print(f"{name:<58} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms{suffix}")
    return p50, p95


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--tables", type=int, default=10_000)
    parser.add_argument("--columns", type=int, default=50)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cdisql-bench-"))
    seg_uri = (work / "segment.sql").as_uri()
    big_uri = (work / "big.sql").as_uri()
    big = big_file(2000)
    print(f"cdisql language server latency, {args.runs} runs each, timed at the client over stdio")

    # 1. edit -> publishDiagnostics, cdisql and the parse-only floor, same run
    baseline = Client()
    await baseline.start(BASELINE)
    base_samples = await edits(baseline, seg_uri, SEGMENT_40, args.runs, vary_segment)
    await baseline.stop()

    server = Client()
    await server.start(CDISQL, {"dialect": "snowflake"})
    seg_samples = await edits(server, seg_uri, SEGMENT_40, args.runs, vary_segment)
    big_samples = await edits(
        server,
        big_uri,
        big,
        max(20, args.runs // 4),
        lambda i: big.replace("u.is_vip = TRUE", f"u.is_vip = TRUE AND {i} = {i}"),
    )
    await server.stop()
    _, base95 = report(
        "baseline (pygls + sqlglot.parse) edit -> diagnostics, 40 lines", base_samples
    )
    _, seg95 = report("cdisql edit -> publishDiagnostics, 40 lines", seg_samples, "p95 <= 15 ms")
    print(f"{'':<58} ratio p95 cdisql/baseline {seg95 / base95:.2f}   target <= 2.0")
    report("cdisql edit -> publishDiagnostics, 2,000 lines", big_samples)

    # 2. completion and memory with a big catalog
    catalog_path = write_big_catalog(work / "catalog.json", args.tables, args.columns)
    server = Client()
    await server.start(CDISQL, {"dialect": "snowflake", "catalog": str(catalog_path)})
    rss_start = rss_mb(server.pid)
    loaded_at = time.perf_counter()
    while True:
        status = await server.lc.workspace_execute_command_async(
            lsp.ExecuteCommandParams(command="cdisql.status", arguments=[])
        )
        states = [f["state"] for f in status["folders"]]
        if states and all(s == "catalog-loaded" for s in states):
            break
        if any(s == "load-failed" for s in states):
            raise SystemExit(f"catalog failed to load: {status}")
        await asyncio.sleep(0.1)
    load_s = time.perf_counter() - loaded_at
    rss_loaded = rss_mb(server.pid)
    tables = status["folders"][0]["tables"]
    doc = "SELECT t.\nFROM TABLE_01234 t\nJOIN TABLE_00042 o ON o.USER_ID = t.USER_ID\nWHERE o.\n"
    doc_uri = (work / "complete.sql").as_uri()
    await server.open(doc_uri, doc)
    await server.open(big_uri, big)

    def completion(uri: str, line: int, character: int) -> Callable[[], Awaitable[Any]]:
        params = lsp.CompletionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            position=lsp.Position(line=line, character=character),
        )
        return lambda: server.lc.text_document_completion_async(params)

    from_doc = (work / "from.sql").as_uri()
    await server.open(from_doc, "SELECT 1 FROM TABLE_01")
    before = big[: big.index("last.user_id") + len("last.")]
    big_line, big_col = before.count("\n"), len(before) - before.rfind("\n") - 1
    contexts = {
        "after FROM (prefix TABLE_01, 10,000 tables)": completion(from_doc, 0, 22),
        "after `t.` (columns of the aliased table)": completion(doc_uri, 0, 9),
        "expression after WHERE `o.`": completion(doc_uri, 3, 8),
        "in the 2,000-line file (`last.`), same version": completion(big_uri, big_line, big_col),
    }
    all_samples: list[float] = []
    for name, call in contexts.items():
        samples = await timed(call, args.runs)
        all_samples += samples
        report(f"completion {name}", samples)
    report(
        f"completion, all contexts ({tables:,} tables / {tables * args.columns:,} columns)",
        all_samples,
        "p95 <= 10 ms",
    )
    # completion right after each edit of the 2,000-line file (new text every time,
    # while the server lints that version in its worker thread)
    after_edit: list[float] = []
    big_completion = completion(big_uri, big_line, big_col)
    for i in range(max(20, args.runs // 4)):
        server.lc.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=big_uri, version=100 + i),
                content_changes=[
                    lsp.TextDocumentContentChangeWholeDocument(
                        text=big.replace("u.is_vip = TRUE", f"u.is_vip = TRUE AND {i} = {i}")
                    )
                ],
            )
        )
        start = time.perf_counter()
        await big_completion()
        after_edit.append((time.perf_counter() - start) * 1000)
        await asyncio.sleep(0.05)
    report("completion in the 2,000-line file right after an edit", after_edit)
    # the catalog rules (CDI2xx) run once a catalog is loaded: the same 40-line edits again,
    # and edits of the 2,000-line file (250 references to a table the catalog lacks)
    with_catalog = await edits(
        server, (work / "segment-catalog.sql").as_uri(), SEGMENT_40, args.runs // 2, vary_segment
    )
    report("cdisql edit -> publishDiagnostics, 40 lines, with that catalog", with_catalog)
    big_catalog = await edits(
        server,
        (work / "big-catalog.sql").as_uri(),
        big,
        max(20, args.runs // 4),
        lambda i: big.replace("u.is_vip = TRUE", f"u.is_vip = TRUE AND {i} = {i}"),
    )
    report("cdisql edit -> publishDiagnostics, 2,000 lines, with that catalog", big_catalog)
    rss = rss_mb(server.pid)
    print(
        f"{'server RSS with the catalog loaded':<58} {rss_loaded:7.1f} MB   "
        f"(at start {rss_start:.1f} MB, load {load_s:.1f} s)   target <= 150 MB"
    )
    print(f"{'server RSS at the end (2,000-line file open, all runs done)':<58} {rss:7.1f} MB")
    await server.stop()


if __name__ == "__main__":
    asyncio.run(main())
