"""What a rule sees: the analysis, the warehouse, the catalog and the source's schema."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from cdisql.diagnostics import Diagnostic, Fix, Related
from cdisql.dialects import Warehouse

if TYPE_CHECKING:
    from sqlglot import exp

    from cdisql.analysis import Analysis
    from cdisql.catalog import Catalog
    from cdisql.lint.registry import Rule


@dataclass
class RuleContext:
    analysis: Analysis
    catalog: Catalog | None = None
    source_database: str | None = None
    """The database (BigQuery: project) of the connected source, when known."""
    source_schema: str | None = None
    """The schema (BigQuery: dataset) of the connected source, when known."""
    preview: bool = False
    cache: dict[str, Any] = field(default_factory=dict)
    """Shared between rules of one run (scopes, qualified trees...)."""

    @property
    def warehouse(self) -> Warehouse:
        return self.analysis.warehouse

    @property
    def text(self) -> str:
        return self.analysis.text

    @property
    def expression(self) -> exp.Expr | None:
        return self.analysis.expression

    @cached_property
    def scopes(self) -> list[Any]:
        """``sqlglot.optimizer.scope.traverse_scope`` of the single statement (or [])."""
        tree = self.expression
        if tree is None:
            return []
        from sqlglot.optimizer.scope import traverse_scope

        try:
            return list(traverse_scope(tree))
        except Exception:  # scope building can fail on odd-but-parsed trees
            return []

    def diagnostic(
        self,
        rule: type[Rule] | Rule,
        start: int,
        end: int,
        message: str,
        *,
        fix: Fix | None = None,
        suggestions: tuple[str, ...] = (),
        related: tuple[Related, ...] = (),
    ) -> Diagnostic:
        if end <= start:
            end = min(start + 1, len(self.text)) if self.text else start
        return Diagnostic(
            code=rule.code,
            name=rule.name,
            severity=rule.severity,
            message=message,
            start=start,
            end=end,
            fix=fix,
            suggestions=suggestions,
            related=related,
        )

    def node_span(self, node: exp.Expr, fallback: tuple[int, int] | None = None) -> tuple[int, int]:
        """Range of ``node``; the statement's range when sqlglot kept no positions on it."""
        from cdisql.analysis import span_of

        span = span_of(node)
        if span is not None:
            return span
        if fallback is not None:
            return fallback
        statements = self.analysis.statements
        if statements:
            return statements[0].start, statements[0].end
        return 0, len(self.text)
