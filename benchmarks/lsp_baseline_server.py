"""The floor for edit -> publishDiagnostics: a bare pygls server that only runs
``sqlglot.parse`` on each change and publishes its errors (no rules, no ranges work).

Run by ``benchmarks/lsp_latency.py`` next to ``cdisql serve`` in the same run.
"""

from __future__ import annotations

import sqlglot
from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

server = LanguageServer("sqlglot-parse-baseline", "0")
DIALECT = "snowflake"


def _publish(ls: LanguageServer, uri: str, version: int | None) -> None:
    doc = ls.workspace.get_text_document(uri)
    diagnostics = []
    try:
        sqlglot.parse(doc.source, read=DIALECT)
    except Exception as error:
        diagnostics.append(
            lsp.Diagnostic(
                range=lsp.Range(
                    start=lsp.Position(line=0, character=0), end=lsp.Position(line=0, character=1)
                ),
                message=str(error)[:200],
            )
        )
    ls.text_document_publish_diagnostics(
        lsp.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
    )


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: LanguageServer, params: lsp.DidOpenTextDocumentParams) -> None:
    _publish(ls, params.text_document.uri, params.text_document.version)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: LanguageServer, params: lsp.DidChangeTextDocumentParams) -> None:
    _publish(ls, params.text_document.uri, params.text_document.version)


if __name__ == "__main__":
    server.start_io()
