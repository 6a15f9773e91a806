"""Thousands of random edits and malformed requests: the server never dies and keeps
answering. Hypothesis writes the programs; each runs against one real server process,
bounded in time."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsp_harness import session, wait_until
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

FRAGMENTS = [
    "SELECT ",
    "FROM ",
    "users u ",
    "u.",
    "WHERE ",
    "JOIN ",
    "WITH a AS (",
    ")",
    "(",
    ",",
    ";",
    "'",
    '"',
    "`",
    "--",
    "/*",
    "*/",
    "\n",
    "\r\n",
    "🎉",
    "é",
    "COALESCE(",
    "CAST(x AS VARCHAR) AS external_user_id",
    " NOT IN (SELECT 1)",
    "$$",
    "\\",
    "\t",
    "\x00",
]

text_piece = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
)
position = st.builds(
    lambda line, character: {"line": line, "character": character},
    st.integers(min_value=0, max_value=12),
    st.integers(min_value=0, max_value=80),
)
edit = st.tuples(st.just("edit"), position, position, st.lists(text_piece, max_size=4).map("".join))
request = st.tuples(
    st.just("request"),
    st.sampled_from(
        [
            "completion",
            "hover",
            "signature",
            "definition",
            "references",
            "highlight",
            "symbols",
            "actions",
            "format",
            "lens",
        ]
    ),
    position,
)
malformed = st.tuples(
    st.just("malformed"),
    st.sampled_from(
        [
            (lsp.TEXT_DOCUMENT_COMPLETION, {}),
            (
                lsp.TEXT_DOCUMENT_HOVER,
                {
                    "textDocument": {"uri": "file:///nope.sql"},
                    "position": {"line": -3, "character": 10**9},
                },
            ),
            (lsp.TEXT_DOCUMENT_HOVER, {"textDocument": {"uri": 42}, "position": "here"}),
            (
                lsp.TEXT_DOCUMENT_DEFINITION,
                {
                    "textDocument": {"uri": "file:///nope.sql"},
                    "position": {"line": 0, "character": 0},
                },
            ),
            (lsp.COMPLETION_ITEM_RESOLVE, {"label": "x", "data": {"ref": [1, None, {}], "uri": 7}}),
            (lsp.COMPLETION_ITEM_RESOLVE, {"label": "x", "data": "garbage"}),
            (
                lsp.WORKSPACE_EXECUTE_COMMAND,
                {"command": "cdisql.buildSegment", "arguments": [42, {"uri": 7}]},
            ),
            (lsp.WORKSPACE_EXECUTE_COMMAND, {"command": "cdisql.nope", "arguments": None}),
            (lsp.TEXT_DOCUMENT_FORMATTING, {"textDocument": {"uri": "file:///nope.sql"}}),
            (
                lsp.TEXT_DOCUMENT_CODE_ACTION,
                {"textDocument": {"uri": "file:///x.sql"}, "range": None},
            ),
            ("cdisql/unknownMethod", {"anything": [1, 2, 3]}),
            (lsp.TEXT_DOCUMENT_DIAGNOSTIC, {"textDocument": {"uri": "file:///nope.sql"}}),
            (lsp.TEXT_DOCUMENT_DID_CHANGE, {"textDocument": {"uri": "file:///nope.sql"}}),
            (lsp.WORKSPACE_DID_CHANGE_CONFIGURATION, {"settings": {"cdisql": [1, 2]}}),
            (lsp.WINDOW_WORK_DONE_PROGRESS_CANCEL, {"token": {"nested": True}}),
            (lsp.CANCEL_REQUEST, {"id": "never-sent"}),
            (None, b'{"jsonrpc": "2.0", "id": 99, "method": '),
            (None, b'{"jsonrpc": "2.0", "id": 100}'),
            (None, b"[1, 2, 3]"),
        ]
    ),
)
program = st.lists(
    st.one_of(edit, edit, edit, edit, edit, request, malformed), min_size=400, max_size=700
)

BUDGET_S = 48.0
EXAMPLES = 8


async def _request(client: LanguageClient, uri: str, kind: str, pos: dict[str, int]) -> Any:
    doc = lsp.TextDocumentIdentifier(uri=uri)
    p = lsp.Position(line=pos["line"], character=pos["character"])
    calls = {
        "completion": lambda: client.text_document_completion_async(
            lsp.CompletionParams(text_document=doc, position=p)
        ),
        "hover": lambda: client.text_document_hover_async(
            lsp.HoverParams(text_document=doc, position=p)
        ),
        "signature": lambda: client.text_document_signature_help_async(
            lsp.SignatureHelpParams(text_document=doc, position=p)
        ),
        "definition": lambda: client.text_document_definition_async(
            lsp.DefinitionParams(text_document=doc, position=p)
        ),
        "references": lambda: client.text_document_references_async(
            lsp.ReferenceParams(
                text_document=doc,
                position=p,
                context=lsp.ReferenceContext(include_declaration=True),
            )
        ),
        "highlight": lambda: client.text_document_document_highlight_async(
            lsp.DocumentHighlightParams(text_document=doc, position=p)
        ),
        "symbols": lambda: client.text_document_document_symbol_async(
            lsp.DocumentSymbolParams(text_document=doc)
        ),
        "actions": lambda: client.text_document_code_action_async(
            lsp.CodeActionParams(
                text_document=doc,
                range=lsp.Range(start=lsp.Position(line=0, character=0), end=p),
                context=lsp.CodeActionContext(diagnostics=[]),
            )
        ),
        "format": lambda: client.text_document_formatting_async(
            lsp.DocumentFormattingParams(
                text_document=doc, options=lsp.FormattingOptions(tab_size=2, insert_spaces=True)
            )
        ),
        "lens": lambda: client.text_document_code_lens_async(lsp.CodeLensParams(text_document=doc)),
    }
    return await asyncio.wait_for(calls[kind](), 10)


def _send_raw(client: LanguageClient, method: str | None, params: Any) -> Future[Any] | None:
    """Write a message straight to the server's stdin, bypassing the client's types;
    for a request, a future that the server's answer (result or error) resolves."""
    answer: Future[Any] | None = None
    if method is None:
        body = params
    else:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        if not method.startswith("$/") and "didChange" not in method and "cancel" not in method:
            message["id"] = msg_id = f"raw-{time.monotonic_ns()}"
            answer = Future()
            client.protocol._request_futures[msg_id] = answer
        body = json.dumps(message).encode()
    server = client._server
    assert server is not None and server.stdin is not None
    server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    return answer


async def _drive(root: Path, steps: list[Any], deadline: float) -> int:
    done = 0
    async with session(root, init_options={"dialect": "snowflake"}) as client:
        uri = (root / "fuzz.sql").as_uri()
        client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(
                text_document=lsp.TextDocumentItem(
                    uri=uri, language_id="sql", version=1, text="SELECT 1"
                )
            )
        )
        version = 1
        for step in steps:
            if time.monotonic() > deadline:
                break
            kind = step[0]
            if kind == "edit":
                _, start, end, new_text = step
                if (start["line"], start["character"]) > (end["line"], end["character"]):
                    start, end = end, start
                version += 1
                client.text_document_did_change(
                    lsp.DidChangeTextDocumentParams(
                        text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
                        content_changes=[
                            lsp.TextDocumentContentChangePartial(
                                range=lsp.Range(
                                    start=lsp.Position(**start), end=lsp.Position(**end)
                                ),
                                text=new_text,
                            )
                        ],
                    )
                )
            elif kind == "request":
                await _request(client, uri, step[1], step[2])
            else:
                method, params = step[1]
                answer = _send_raw(client, method, params)
                if answer is not None:  # every request gets an answer, an error is one
                    with contextlib.suppress(Exception):
                        await asyncio.wait_for(asyncio.wrap_future(answer), 10)
                    assert answer.done(), method
                # whatever that was, the server still answers the next request
                await _request(client, uri, "hover", {"line": 0, "character": 1})
            done += 1
        # still alive, still answering, still linting the latest text
        version += 1
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[lsp.TextDocumentContentChangeWholeDocument(text="SELECT 1;")],
            )
        )
        await wait_until(
            lambda: any(d.code == "CDI101" for d in client.diagnostics.get(uri, [])), timeout=20
        )
        symbols = await _request(client, uri, "symbols", {"line": 0, "character": 0})
        assert symbols is not None
        assert client.error is None
    return done


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
        HealthCheck.large_base_example,
    ],
    derandomize=True,
)
@given(steps=program)
def test_random_edits_and_malformed_requests_never_kill_the_server(
    tmp_path: Path, steps: list[Any]
) -> None:
    deadline = time.monotonic() + BUDGET_S / EXAMPLES
    done = asyncio.run(_drive(tmp_path, steps, deadline))
    assert done > 0
