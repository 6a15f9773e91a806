"""Editor features that are not tied to a protocol: completion, hover, signature help,
definitions and references, document symbols.

Pure functions over a text, a character offset, a :class:`~cdisql.dialects.Warehouse`
and an optional catalog index; they work on SQL that is incomplete or invalid (it is
being typed) and never raise on input. The language server only translates their
values into LSP types.
"""

from cdisql.assist.catalog_index import CatalogIndex
from cdisql.assist.completion import Candidate, Completion, complete
from cdisql.assist.hover import Hover, describe_ref, hover
from cdisql.assist.lexical import Outline, outline, tokenize
from cdisql.assist.navigation import DocumentSymbol, NameSymbol, document_symbols, symbol_at
from cdisql.assist.signature import SignatureHelp, signature_help

__all__ = [
    "Candidate",
    "CatalogIndex",
    "Completion",
    "DocumentSymbol",
    "Hover",
    "NameSymbol",
    "Outline",
    "SignatureHelp",
    "complete",
    "describe_ref",
    "document_symbols",
    "hover",
    "outline",
    "signature_help",
    "symbol_at",
    "tokenize",
]
