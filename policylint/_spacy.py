"""Import spaCy without its command-line package.

``import spacy`` runs ``from .cli.info import info``, and ``spacy.cli`` imports every spaCy
command together with typer, weasel, requests and httpx: about 0.15 s of every policylint
run, which never uses them. :func:`import_spacy` imports spaCy with stand-ins for
``spacy.cli`` and ``spacy.cli.info`` that load the real modules the first time anything
is read from them, so ``spacy.info()``, ``spacy.cli.download`` and the rest still work.

It only does so when spaCy's ``__init__`` touches its CLI through that one line (checked
in the source before anything is imported); any other layout is imported as usual.
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
import sys
import types
from pathlib import Path
from typing import Any, Callable

__all__ = ["import_spacy"]

_INFO_LINE = "from .cli.info import info"


class _StandIn(types.ModuleType):
    """A module that becomes the real ``spacy.cli`` on first attribute access."""

    def __getattr__(self, name: str) -> Any:  # called only for attributes it lacks
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(_load_real_cli(), name)


def import_spacy() -> types.ModuleType:
    """``import spacy`` (once per process), leaving ``spacy.cli`` to load on first use.

    The cyclic garbage collector is paused meanwhile: importing spaCy creates ~100k
    long-lived objects (modules, classes, functions), and the full collections they
    trigger find nothing to free.
    """
    loaded = sys.modules.get("spacy")
    if loaded is not None:
        return loaded
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _import_spacy()
    finally:
        if was_enabled:
            gc.enable()


def _import_spacy() -> types.ModuleType:
    cli_dir = _deferrable_cli_dir()
    if cli_dir is None:
        import spacy

        return spacy
    cli = _StandIn("spacy.cli")
    cli.__path__ = [str(cli_dir)]  # submodules (spacy.cli.download, ...) stay importable
    cli.__file__ = str(cli_dir / "__init__.py")
    cli.__package__ = "spacy.cli"
    cli.__spec__ = importlib.util.spec_from_file_location(
        "spacy.cli", cli_dir / "__init__.py", submodule_search_locations=[str(cli_dir)]
    )
    info = _StandIn("spacy.cli.info")
    info.__package__ = "spacy.cli"
    info.info = _deferred("info")  # what spacy/__init__.py imports from it
    sys.modules["spacy.cli"] = cli
    sys.modules["spacy.cli.info"] = info
    try:
        import spacy
    except BaseException:
        _drop_stand_ins()
        raise
    spacy.cli = cli  # type: ignore[attr-defined]  # (the import system sets this only for modules it loads)
    return spacy


def _deferrable_cli_dir() -> Path | None:
    """spaCy's ``cli`` folder when its ``__init__`` reaches the CLI only through ``_INFO_LINE``."""
    try:
        spec = importlib.util.find_spec("spacy")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    init = Path(spec.origin)
    cli_dir = init.parent / "cli"
    try:
        source = init.read_text(encoding="utf-8")
    except OSError:
        return None
    if not (cli_dir / "__init__.py").is_file() or _INFO_LINE not in source or source.count(".cli") != 1:
        return None
    return cli_dir


def _deferred(name: str) -> Callable[..., Any]:
    """A function that calls ``spacy.cli.<name>`` once the real CLI is loaded."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(_load_real_cli(), name)(*args, **kwargs)

    call.__name__ = name
    call.__doc__ = f"spacy.cli.{name}, imported on first call."
    return call


def _drop_stand_ins() -> None:
    for key in ("spacy.cli.info", "spacy.cli"):
        if isinstance(sys.modules.get(key), _StandIn):
            del sys.modules[key]


def _load_real_cli() -> types.ModuleType:
    """Replace the stand-ins by the real ``spacy.cli`` (and ``spacy.cli.info``)."""
    current = sys.modules.get("spacy.cli")
    if current is not None and not isinstance(current, _StandIn):
        return current
    _drop_stand_ins()
    real = importlib.import_module("spacy.cli")
    spacy = sys.modules.get("spacy")
    if spacy is not None:
        spacy.cli = real  # type: ignore[attr-defined]
    return real
