"""policylint: lint police policy manuals for missing and weakly written required topics.

The public Python API is :func:`lint`; it returns the same records the JSON output is
made from (:class:`policylint.results.LintResult`). The core never prints or exits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "lint"]

if TYPE_CHECKING:  # pragma: no cover
    from .results import LintResult


def lint(path: Any, *, packs: Any = None, config: Any = None, **options: Any) -> "LintResult":
    """Lint one path (file or folder) or several; see :func:`policylint.api.lint`."""
    from .api import lint as _lint  # heavy imports (spaCy, pdfplumber) only when used

    return _lint(path, packs=packs, config=config, **options)
