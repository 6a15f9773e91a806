"""Code actions, formatting and code lenses: core results translated to LSP edits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lsprotocol import types as lsp

from cdisql.lsp import convert
from cdisql.lsp.positions import Positions

if TYPE_CHECKING:
    from cdisql.lsp.server import CdisqlServer


def _wants(only: list[str] | None, kind: str) -> bool:
    if not only:
        return True
    return any(kind == k or kind.startswith(f"{k}.") for k in (str(o) for o in only))


def actions_for(ls: CdisqlServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    from cdisql.lint.noqa import suppression_edit

    uri = params.text_document.uri
    text = ls.document_text(uri)
    pos = Positions(text, ls.encoding)
    linted = ls.lint_sync(uri)
    if linted is None or linted.result is None:
        return []
    start = pos.offset(params.range.start)
    end = pos.offset(params.range.end)
    warehouse = ls.doc_config(uri).warehouse
    only = [str(k.value if hasattr(k, "value") else k) for k in (params.context.only or [])]
    out: list[lsp.CodeAction] = []
    fixable = 0
    for d in linted.result.diagnostics:
        if d.fix is not None and d.fix.edits:
            fixable += 1
        if not (d.start <= end and max(d.end, d.start + 1) >= start):
            continue
        if not _wants(only, "quickfix"):
            continue
        item = convert.diagnostic(uri, pos, d)
        if d.fix is not None and d.fix.edits:
            out.append(
                lsp.CodeAction(
                    title=f"{d.fix.title} ({d.code})",
                    kind=lsp.CodeActionKind.QuickFix,
                    diagnostics=[item],
                    is_preferred=d.fix.safe,
                    edit=lsp.WorkspaceEdit(
                        changes={uri: [convert.text_edit(pos, e) for e in d.fix.edits]}
                    ),
                )
            )
        edit = suppression_edit(text, d.start, d.code, warehouse)
        if edit is not None:
            out.append(
                lsp.CodeAction(
                    title=f"Suppress {d.code} on this line",
                    kind=lsp.CodeActionKind.QuickFix,
                    diagnostics=[item],
                    edit=lsp.WorkspaceEdit(changes={uri: [convert.text_edit(pos, edit)]}),
                )
            )
    if fixable and _wants(only, "source.fixAll"):
        fixed = fix_all_text(ls, uri, text)
        if fixed is not None and fixed != text:
            out.append(
                lsp.CodeAction(
                    title="Fix all cdisql problems",
                    kind=lsp.CodeActionKind.SourceFixAll,
                    edit=lsp.WorkspaceEdit(changes={uri: [_replace_all(pos, fixed)]}),
                )
            )
    return out


def fix_all_text(ls: CdisqlServer, uri: str, text: str) -> str | None:
    from cdisql.lint.fixing import fix_text

    config = ls.doc_config(uri)
    outcome = fix_text(text, config.warehouse, catalog=config.catalog.catalog, settings=config.lint)
    return str(outcome.text)


def apply_fix_all(ls: CdisqlServer, args: Any) -> dict[str, Any]:
    """The ``cdisql.fixAll`` command: ask the client to apply every safe fix."""
    uri = _uri_arg(args)
    if uri is None:
        return {"applied": False, "message": "no document given"}
    text = ls.document_text(uri)
    fixed = fix_all_text(ls, uri, text)
    if fixed is None or fixed == text:
        return {"applied": False, "message": "nothing to fix"}
    pos = Positions(text, ls.encoding)
    ls.workspace_apply_edit(
        lsp.ApplyWorkspaceEditParams(
            edit=lsp.WorkspaceEdit(changes={uri: [_replace_all(pos, fixed)]}),
            label="cdisql: fix all",
        )
    )
    return {"applied": True}


def _uri_arg(args: Any) -> str | None:
    for arg in args or ():
        if isinstance(arg, str):
            return arg
        if isinstance(arg, dict) and isinstance(arg.get("uri"), str):
            return str(arg["uri"])
    return None


def _replace_all(pos: Positions, new_text: str) -> lsp.TextEdit:
    return lsp.TextEdit(range=pos.range(0, len(pos.text)), new_text=new_text)


def format_edits(ls: CdisqlServer, uri: str, where: lsp.Range | None) -> list[lsp.TextEdit]:
    from cdisql.format import format_lines, format_sql

    text = ls.document_text(uri)
    pos = Positions(text, ls.encoding)
    warehouse = ls.doc_config(uri).warehouse
    if where is None:
        result = format_sql(text, warehouse)
    else:
        lines = pos.lines
        first = lines.line_of(pos.offset(where.start))
        last_offset = pos.offset(where.end)
        last = lines.line_of(last_offset)
        if last > first and last_offset == lines.line_start(last):
            last -= 1  # a selection ending at column 0 does not include that line
        result = format_lines(text, warehouse, first, last)
    if result.refused:
        at = f"line {result.line}: " if result.line is not None else ""
        ls.message(f"not formatted: {at}{result.refused}", lsp.MessageType.Info)
        return []
    new = result.text
    if new == text:
        return []
    # one edit over what changed, so the editor keeps the cursor and marks elsewhere
    head = 0
    while head < min(len(text), len(new)) and text[head] == new[head]:
        head += 1
    head -= head > 0 and text[head - 1] == "\r"  # never between the two halves of CRLF
    tail = 0
    while tail < min(len(text), len(new)) - head and text[-1 - tail] == new[-1 - tail]:
        tail += 1
    return [
        lsp.TextEdit(range=pos.range(head, len(text) - tail), new_text=new[head : len(new) - tail])
    ]


def lenses_for(ls: CdisqlServer, uri: str) -> list[lsp.CodeLens]:
    from cdisql.assist.lexical import tokenize

    text = ls.document_text(uri)
    config = ls.doc_config(uri)
    tokens = tokenize(text, config.warehouse)
    if not tokens:
        return []
    pos = Positions(text, ls.encoding)
    at = pos.range(tokens[0].start, tokens[0].start)
    limit = _max_runtime_label(config)
    lenses = [
        ("Preview", "cdisql.previewSegment"),
        (f"Build segment (max {limit})", "cdisql.buildSegment"),
        ("Test source", "cdisql.testConnection"),
    ]
    return [
        lsp.CodeLens(range=at, command=lsp.Command(title=title, command=command, arguments=[uri]))
        for title, command in lenses
    ]


def _max_runtime_label(config: Any) -> str:
    from cdisql.sources.model import MaxRuntime

    limits = []
    if config.max_runtime:
        limits.append(MaxRuntime.parse(config.max_runtime))
    source = config.catalog.source
    if source is not None:
        limits.append(source.max_runtime)
    return str(min(limits)) if limits else str(MaxRuntime.default())
