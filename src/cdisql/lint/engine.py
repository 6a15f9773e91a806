"""Run the rules over an analysis: selection, severities, suppression, ordering."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from cdisql.analysis import Analysis, analyze
from cdisql.dialects import Warehouse
from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic
from cdisql.lint.registry import all_rules, get_rule
from cdisql.lint.settings import LintSettings

if TYPE_CHECKING:
    from cdisql.catalog import Catalog

UNUSED_NOQA = "CDI001"


@dataclass(frozen=True)
class LintResult:
    analysis: Analysis
    diagnostics: tuple[Diagnostic, ...]


def lint_text(
    text: str,
    dialect: str | Warehouse = "duckdb",
    *,
    catalog: Catalog | None = None,
    settings: LintSettings | None = None,
    analysis: Analysis | None = None,
) -> LintResult:
    """Lint one segment. Never raises on any text; a rule that fails is skipped."""
    settings = settings or LintSettings()
    if analysis is None:
        analysis = analyze(text, dialect)
    ctx = RuleContext(
        analysis,
        catalog=catalog,
        source_database=settings.source_database,
        source_schema=settings.source_schema,
        preview=settings.preview,
    )
    # several statements (already an error): every parsed one still gets the other rules
    statements = analysis.statements
    per_statement = [ctx]
    if len(statements) > 1:
        per_statement = [
            RuleContext(
                analysis,
                catalog=catalog,
                source_database=settings.source_database,
                source_schema=settings.source_schema,
                preview=settings.preview,
                statement=statement,
            )
            for statement in statements
            if statement.expression is not None
        ]
    raw: list[Diagnostic] = []
    ran: set[str] = set()
    for rule_class in all_rules():
        if rule_class.code == UNUSED_NOQA or not settings.enabled(rule_class.code):
            continue
        if rule_class.needs_catalog and catalog is None:
            continue
        if settings.preview and rule_class.output_rule:
            continue
        ran.add(rule_class.code)
        for rule_ctx in [ctx] if rule_class.whole_text else per_statement:
            try:
                raw.extend(rule_class().check(rule_ctx))
            except RecursionError:
                continue
            except Exception:  # a rule bug must never cost the user the other diagnostics
                if _STRICT:
                    raise
                continue
    diagnostics = _suppress(analysis, raw, settings, ran) if settings.noqa else raw
    diagnostics = [
        d
        if d.severity == settings.severity_for(d.code, d.severity)
        else replace(d, severity=settings.severity_for(d.code, d.severity))
        for d in diagnostics
    ]
    diagnostics.sort(key=Diagnostic.sort_key)
    return LintResult(analysis, tuple(diagnostics))


_STRICT = False
"""Tests set this to surface rule exceptions instead of skipping the rule."""


def _suppress(
    analysis: Analysis, raw: list[Diagnostic], settings: LintSettings, ran: set[str]
) -> list[Diagnostic]:
    if not analysis.comments:
        return raw  # no comment, no noqa (and no need to import the noqa module)
    from cdisql.lint.noqa import find_noqa

    suppressions = find_noqa(analysis.text, analysis.comments, analysis.lines)
    if not suppressions:
        return raw
    kept: list[Diagnostic] = []
    lines = analysis.lines
    for diagnostic in raw:
        suppression = suppressions.get(lines.line_of(diagnostic.start))
        if suppression is not None and suppression.covers(diagnostic.code):
            suppression.used.add(diagnostic.code)
            continue
        kept.append(diagnostic)
    unused_rule = get_rule(UNUSED_NOQA)
    if unused_rule is None or not settings.enabled(UNUSED_NOQA):
        return kept
    if analysis.problems:
        return kept  # the rules could not look at broken text: nothing proves a noqa stale
    for suppression in suppressions.values():
        for directive in suppression.directives:
            if directive.codes is None:
                if suppression.used:
                    continue
                message = "this `noqa` suppresses nothing: remove it"
            else:
                # a code whose rule did not run (ignored, needs a catalog) may be needed elsewhere
                unused = [
                    c
                    for c in directive.codes
                    if c not in suppression.used and (c in ran or get_rule(c) is None)
                ]
                if not unused:
                    continue
                message = f"unused `noqa` for {', '.join(unused)}: nothing to suppress here"
            kept.append(
                Diagnostic(
                    UNUSED_NOQA,
                    unused_rule.name,
                    unused_rule.severity,
                    message,
                    directive.start,
                    directive.end,
                )
            )
    return kept
