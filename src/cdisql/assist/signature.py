"""Signature help: the function call around the cursor and the argument being typed."""

from __future__ import annotations

from dataclasses import dataclass

from cdisql.assist.functions import FunctionSignature, is_function, signature
from cdisql.assist.lexical import Tok, tokenize
from cdisql.dialects import Warehouse


@dataclass(frozen=True, slots=True)
class SignatureHelp:
    signature: FunctionSignature
    active_parameter: int


def signature_help(
    text: str, offset: int, warehouse: Warehouse, tokens: list[Tok] | None = None
) -> SignatureHelp | None:
    """The innermost call ``NAME(`` open at ``offset``, with the comma count so far."""
    toks = tokens if tokens is not None else tokenize(text, warehouse)
    before = [t for t in toks if t.end <= offset]
    depth = 0
    commas = 0
    for i in range(len(before) - 1, -1, -1):
        t = before[i]
        if t.kind != "punct":
            continue
        if t.text == ")":
            depth += 1
        elif t.text == "(":
            if depth > 0:
                depth -= 1
                continue
            name = before[i - 1] if i > 0 else None
            if (
                name is not None
                and name.kind in ("word", "keyword")
                and is_function(name.text, warehouse)
            ):
                sig = signature(name.text, warehouse.dialect)
                last = max(len(sig.parameters) - 1, 0)
                variadic = bool(sig.parameters) and sig.parameters[-1].endswith("...")
                active = min(commas, last) if (variadic or commas <= last) else commas
                return SignatureHelp(sig, active)
            commas = 0  # a plain parenthesis: keep looking outward
        elif t.text == "," and depth == 0:
            commas += 1
    return None
