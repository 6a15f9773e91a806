"""Every rule module; importing this package registers them all."""

from cdisql.lint.rules import meta  # noqa: F401
