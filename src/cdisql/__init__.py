"""cdisql: a language server and lint toolkit for CDI segment SQL."""

__version__ = "0.1.0"
