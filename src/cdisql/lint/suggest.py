"""Close names for a name that is not found ("did you mean users?"), as difflib finds them."""

from __future__ import annotations

import difflib
import heapq
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cdisql.catalog import Catalog


def suggest(word: str, candidates: list[str], *, fold: bool = True) -> list[str]:
    if not candidates:
        return []
    return list(_close_matches(word, tuple(sorted(set(candidates))), fold))


@lru_cache(maxsize=1024)
def _close_matches(word: str, candidates: tuple[str, ...], fold: bool) -> tuple[str, ...]:
    if fold:
        lowered = {c.casefold(): c for c in candidates}
        hits = difflib.get_close_matches(word.casefold(), list(lowered), n=3, cutoff=0.6)
        return tuple(lowered[h] for h in hits)
    return tuple(difflib.get_close_matches(word, list(candidates), n=3, cutoff=0.6))


_CUTOFF = 0.6


class NameSuggester:
    """``suggest`` over a large, fixed list of names (a catalog's tables), cheaply.

    ``difflib.get_close_matches`` computes, for every candidate, a bound on its ratio
    from the lengths (``real_quick_ratio``) and one from the characters the two strings
    share (``quick_ratio``), and runs the costly ``ratio`` only on the candidates that
    pass both. Here both bounds are computed for all candidates at once: names are
    grouped by length, and for each character ``c`` and count ``j`` a bitmask holds the
    names with at least ``j`` of ``c``; summing the word's masks bit-sliced gives every
    name's shared-character count. ``ratio`` then runs only on the names that pass
    both bounds, best bound first, so the suggestions are the ones ``get_close_matches``
    gives on the whole list, in well under a millisecond for 10,000 names instead of
    several. Built once per catalog (:meth:`Catalog.derived`); the last few hundred
    answers are kept (a file often names the same missing table many times).
    """

    __slots__ = ("_by_length", "_fold", "_keys", "_memo", "_original", "_postings")

    def __init__(self, names: list[str], *, fold: bool) -> None:
        ordered = sorted(set(names))
        # the same name choice as ``_close_matches``: the last of names folding alike
        original = {(n.casefold() if fold else n): n for n in ordered}
        keys = list(original)
        self._fold = fold
        self._original = original
        self._keys = keys
        self._memo: dict[str, tuple[str, ...]] = {}
        size = (len(keys) + 7) // 8
        lengths: dict[int, bytearray] = {}
        postings: dict[tuple[str, int], bytearray] = {}
        for i, key in enumerate(keys):
            byte, bit = i >> 3, 1 << (i & 7)
            lengths.setdefault(len(key), bytearray(size))[byte] |= bit
            seen: dict[str, int] = {}
            for ch in key:
                j = seen[ch] = seen.get(ch, 0) + 1
                postings.setdefault((ch, j), bytearray(size))[byte] |= bit
        self._by_length = {n: int.from_bytes(m, "little") for n, m in lengths.items()}
        self._postings = {k: int.from_bytes(m, "little") for k, m in postings.items()}

    def suggest(self, word: str) -> tuple[str, ...]:
        found = self._memo.get(word)
        if found is None:
            if len(self._memo) >= 512:
                self._memo.clear()
            found = self._memo[word] = self._suggest(word)
        return found

    def _suggest(self, word: str) -> tuple[str, ...]:
        """``get_close_matches(word, names, n=3, cutoff=0.6)``, folded as built.

        Candidates are tried from the highest ``quick_ratio`` bound down, and the search
        stops once that bound is below the third best ratio found: a name the bound
        places lower cannot enter the top three (ties are broken by the name, as
        ``get_close_matches`` does, so equal scores are still tried).
        """
        wanted = word.casefold() if self._fold else word
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(wanted)
        best: list[tuple[float, str]] = []  # min-heap of the three best (ratio, name)
        keys = self._keys
        for bound, mask in self._groups(wanted):
            if len(best) == 3 and bound < best[0][0]:
                break
            for i in _bits(mask):
                name = keys[i]
                matcher.set_seq1(name)
                score = matcher.ratio()
                if score < _CUTOFF:
                    continue
                if len(best) < 3:
                    heapq.heappush(best, (score, name))
                elif (score, name) > best[0]:
                    heapq.heapreplace(best, (score, name))
        return tuple(self._original[name] for _, name in sorted(best, reverse=True))

    def _groups(self, word: str) -> list[tuple[float, int]]:
        """The names passing difflib's ``real_quick_ratio`` and ``quick_ratio`` for
        ``word``, as bitmasks grouped by that bound, highest first."""
        # bit-sliced counters: planes[b] holds bit b of each name's shared-character count
        planes: list[int] = []
        counts: dict[str, int] = {}
        for ch in word:
            j = counts[ch] = counts.get(ch, 0) + 1
            carry = self._postings.get((ch, j), 0)
            for b in range(len(planes)):
                if not carry:
                    break
                plane = planes[b]
                planes[b] = plane ^ carry
                carry &= plane
            if carry:
                planes.append(carry)
        exactly: dict[int, int] = {}

        def sharing(m: int) -> int:
            """Names sharing exactly ``m`` characters with ``word``."""
            found = exactly.get(m)
            if found is None:
                found = -1  # every name
                for b, plane in enumerate(planes):
                    found &= plane if m >> b & 1 else ~plane
                exactly[m] = found
            return found

        size = len(word)
        groups: list[tuple[float, int]] = []
        for length, bucket in self._by_length.items():
            total = size + length
            top = min(size, length)
            if top >> len(planes):
                top = (1 << len(planes)) - 1  # no name shares more than the planes count
            # difflib's own float expression: 2 * shared / total >= cutoff
            for m in range(top, -1, -1):
                bound = 2.0 * m / total
                if bound < _CUTOFF:
                    break
                mask = bucket & sharing(m)
                if mask:
                    groups.append((bound, mask))
        groups.sort(key=lambda g: g[0], reverse=True)
        return groups


def _bits(mask: int) -> Iterator[int]:
    """Positions of the set bits of ``mask``, lowest first."""
    data = mask.to_bytes((mask.bit_length() + 7) // 8, "little")
    for pos, byte in enumerate(data):
        while byte:
            low = byte & -byte
            yield pos * 8 + low.bit_length() - 1
            byte ^= low


def table_suggester(catalog: Catalog, fold: bool) -> NameSuggester:
    return catalog.derived(
        ("cdisql.lint.suggest:table-names", fold),
        lambda c: NameSuggester([t.name for t in c.tables], fold=fold),
    )
