"""Every rule module; importing this package registers them all."""

from cdisql.lint.rules import catalog, contract, cost, meta, warehouse  # noqa: F401
