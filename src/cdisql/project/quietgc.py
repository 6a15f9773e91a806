"""The garbage collector, tuned for a short lint run.

Imports (click, sqlglot, the rules) create long-lived objects and no garbage, so
collecting during them is wasted time (~10% of importing sqlglot). ``cdisql lint``
turns the collector off before its first import (:func:`quiet`); once the imports are
done the runner freezes what exists, so it is never scanned again (and stays shared
after a fork), and turns the collector back on with larger batches (:func:`settle`):
parsed trees are cycles, a long run needs collecting. :func:`restore` puts things back.
"""

from __future__ import annotations

import gc

THRESHOLD = (10_000, 10, 10)
_saved: list[tuple[int, int, int]] = []


def quiet() -> bool:
    """Turn the collector off until :func:`settle`; False when someone else turned it off."""
    if _saved:
        return True
    if not gc.isenabled():
        return False  # someone else manages the collector
    _saved.append(gc.get_threshold())
    gc.disable()
    return True


def settle() -> None:
    """After the imports: freeze what exists and collect the rest in larger batches."""
    if _saved and not gc.isenabled():
        gc.freeze()
        gc.set_threshold(*THRESHOLD)
        gc.enable()


def restore() -> None:
    """The collector as it was before :func:`quiet`."""
    if _saved:
        gc.unfreeze()
        gc.set_threshold(*_saved.pop())
        gc.enable()
