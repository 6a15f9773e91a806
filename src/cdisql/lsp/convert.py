"""Core values (character offsets) <-> LSP values (UTF-16 line/character)."""

from __future__ import annotations

from lsprotocol import types as lsp

from cdisql.assist.completion import (
    ALIAS,
    COLUMN,
    CTE,
    FUNCTION,
    KEYWORD,
    SCHEMA,
    SNIPPET,
    TABLE,
    VIEW,
)
from cdisql.lint.diagnostics import Diagnostic, Edit, Severity
from cdisql.lsp.positions import Positions

SOURCE = "cdisql"

_SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}

COMPLETION_KINDS = {
    KEYWORD: lsp.CompletionItemKind.Keyword,
    FUNCTION: lsp.CompletionItemKind.Function,
    TABLE: lsp.CompletionItemKind.Class,
    VIEW: lsp.CompletionItemKind.Interface,
    SCHEMA: lsp.CompletionItemKind.Module,
    COLUMN: lsp.CompletionItemKind.Field,
    CTE: lsp.CompletionItemKind.Struct,
    SNIPPET: lsp.CompletionItemKind.Snippet,
    ALIAS: lsp.CompletionItemKind.Variable,
}

SYMBOL_KINDS = {
    "cte": lsp.SymbolKind.Struct,
    "subquery": lsp.SymbolKind.Namespace,
    "query": lsp.SymbolKind.Function,
}


def text_edit(pos: Positions, edit: Edit) -> lsp.TextEdit:
    return lsp.TextEdit(range=pos.range(edit.start, edit.end), new_text=edit.replacement)


def diagnostic(uri: str, pos: Positions, d: Diagnostic) -> lsp.Diagnostic:
    from cdisql.lint.registry import get_rule

    rule = get_rule(d.code)
    where = pos.range(d.start, d.end)
    related = [
        lsp.DiagnosticRelatedInformation(
            location=lsp.Location(uri=uri, range=pos.range(r.start, r.end)), message=r.message
        )
        for r in d.related
    ]
    related += [
        lsp.DiagnosticRelatedInformation(
            location=lsp.Location(uri=uri, range=where), message=f"did you mean {s}?"
        )
        for s in d.suggestions
    ]
    return lsp.Diagnostic(
        range=where,
        message=d.message,
        severity=_SEVERITY.get(d.severity, lsp.DiagnosticSeverity.Warning),
        code=d.code,
        code_description=lsp.CodeDescription(href=rule.docs_url()) if rule is not None else None,
        source=SOURCE,
        related_information=related or None,
        data={"name": d.name, "fixable": d.fix is not None},
    )
