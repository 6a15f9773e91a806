"""One module per rule, named ``<code>_<name>.py``; importing this package registers them all.

Adding a rule is adding a module here (and its fixtures): the package finds it.
"""

from __future__ import annotations

import os


def _load_all() -> None:
    folder = os.path.dirname(__file__)
    for entry in sorted(os.listdir(folder)):
        if entry.startswith("cdi") and entry.endswith(".py"):
            __import__(f"{__name__}.{entry[:-3]}")


_load_all()
