"""Option types shared by the commands: numbers are checked by the option parser itself.

click's ``float`` accepts ``inf``, ``nan`` and ``1e400`` (which is ``inf``), and ``FloatRange``
lets ``nan`` through (every comparison with it is false). A size limit of ``nan`` megabytes
used to end in a traceback far from the option; here it is a usage error naming the option.
"""

from __future__ import annotations

import math
from typing import Any

import click

from ..config import MAX_FILE_MB_CEILING

__all__ = ["FiniteFloatRange", "MEGABYTES"]


class FiniteFloatRange(click.FloatRange):
    """A ``FloatRange`` that also refuses ``inf`` and ``nan``."""

    name = "finite float range"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = click.FLOAT.convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number.", param, ctx)
        return super().convert(number, param, ctx)


#: ``--max-file-mb``: more than 0, at most the config's ceiling (10 GiB).
MEGABYTES = FiniteFloatRange(min=0, min_open=True, max=MAX_FILE_MB_CEILING)
