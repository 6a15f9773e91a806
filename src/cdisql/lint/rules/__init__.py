"""Every rule module; importing this package registers them all."""

from cdisql.lint.rules import catalog, contract, cost, meta  # noqa: F401
