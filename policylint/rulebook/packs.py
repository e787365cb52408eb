"""Finding rule packs: the shipped ones and any folder (or file) a user names.

Shipped packs live in the top-level ``rules/`` folder, installed as the data-only
package ``policylint._packs``. In a source checkout where that package is not
importable (editable installs map only real packages), we fall back to ``<repo>/rules``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..safeload import LoadError, YamlProblem, load_yaml
from .lexicon import SHIPPED_FILE, Lexicon, is_lexicon_data, merge_lexicons, parse_lexicon
from .loader import RuleError, parse_pack
from .model import Pack

__all__ = ["shipped_dir", "is_shipped", "pack_files", "PackSet", "load_packs", "select_packs"]


def shipped_dir() -> Path | None:
    """The folder holding the shipped pack YAML files.

    Installed, they are the data-only package ``policylint._packs`` (mapped from the
    top-level ``rules/`` folder in pyproject.toml). Having no ``__init__.py`` it is a
    namespace package, so we read its ``__path__`` rather than ``importlib.resources``
    (whose MultiplexedPath has no usable ``str``). In a source checkout without an
    install we fall back to ``<repo>/rules``.
    """
    try:
        import policylint._packs as shipped
    except ModuleNotFoundError:
        shipped = None
    for entry in getattr(shipped, "__path__", []):
        folder = Path(entry)
        if folder.is_dir() and any(folder.glob("*.yaml")):
            return folder
    repo_rules = Path(__file__).resolve().parents[2] / "rules"
    return repo_rules if repo_rules.is_dir() else None


def is_shipped(pack: Pack) -> bool:
    """Was ``pack`` loaded from the packs shipped with policylint (not from a user's folder)?"""
    folder = shipped_dir()
    return folder is not None and Path(pack.path).resolve().parent == folder.resolve()


def pack_files(location: Path) -> list[Path]:
    """A pack file itself, or every ``*.yaml``/``*.yml`` file in a folder, sorted by name."""
    if location.is_file():
        return [location]
    if location.is_dir():
        return sorted(p for p in location.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    return []


@dataclass
class PackSet:
    """Every pack found, by id, with the ids that came from user folders."""

    packs: dict[str, Pack] = field(default_factory=dict)
    user_ids: list[str] = field(default_factory=list)
    lexicon: Lexicon | None = None

    @property
    def shipped_ids(self) -> list[str]:
        return [pid for pid in self.packs if pid not in self.user_ids]


def load_packs(extra: Iterable[Path] = (), *, shipped: bool = True) -> PackSet:
    """Load shipped packs plus every pack under ``extra`` folders/files; RuleError lists all problems."""
    problems: list[YamlProblem] = []
    found = PackSet()
    sources: list[tuple[Path, bool]] = []
    if shipped and (folder := shipped_dir()) is not None:
        sources += [(p, False) for p in pack_files(folder)]
    for location in extra:
        location = Path(location)
        files = pack_files(location)
        if not files:
            problems.append(YamlProblem(str(location), None, "", "no rule pack files (*.yaml) found here"))
        sources += [(p, True) for p in files]
    # The shipped lexicon serves user packs even when the shipped packs are not loaded.
    shipped_folder = shipped_dir()
    if not shipped and shipped_folder is not None and (shipped_folder / SHIPPED_FILE).is_file():
        sources.insert(0, (shipped_folder / SHIPPED_FILE, False))
    parsed = []
    seen_files: set[Path] = set()
    for path, user in sources:
        resolved = path.resolve()
        if resolved in seen_files:
            continue
        seen_files.add(resolved)
        try:
            parsed.append((path, user, load_yaml(path, what="rule pack")))
        except LoadError as exc:
            problems.append(exc.problem)
    # Lexicon files first: every pack in the run resolves its concepts against all of them.
    lexicons: list[Lexicon] = []
    lexicon_problems: list[YamlProblem] = []
    for _path, _user, source in parsed:
        if is_lexicon_data(source.data):
            lexicon, file_problems = parse_lexicon(source)
            lexicon_problems += file_problems
            if lexicon is not None:
                lexicons.append(lexicon)
    lexicon, merge_problems = merge_lexicons(lexicons)
    lexicon_problems += merge_problems
    if lexicon_problems:
        # every pack resolves its concepts against the lexicon: report its problems (and the
        # files that did not parse) rather than one "unknown concept" per use
        raise RuleError(problems + lexicon_problems)
    found.lexicon = lexicon
    for path, user, source in parsed:
        if is_lexicon_data(source.data):
            continue
        pack, file_problems = parse_pack(source, lexicon)
        problems += file_problems
        if pack is None:
            continue
        if pack.id in found.packs:
            other = found.packs[pack.id].path
            problems.append(YamlProblem(str(path), pack.line, "pack", f"duplicate pack id '{pack.id}' (also in {other})"))
            continue
        found.packs[pack.id] = pack
        if user:
            found.user_ids.append(pack.id)
    if problems:
        raise RuleError(problems)
    return found


def select_packs(found: PackSet, ids: Iterable[str], *, origin: str = "--pack") -> tuple[Pack, ...]:
    """The packs named by ``ids`` (in that order); RuleError naming the available ids otherwise."""
    out: list[Pack] = []
    problems: list[YamlProblem] = []
    for pack_id in ids:
        pack = found.packs.get(pack_id)
        if pack is None:
            available = ", ".join(sorted(found.packs)) or "none"
            problems.append(YamlProblem(origin, None, "", f"unknown pack '{pack_id}' (available: {available})"))
        elif pack not in out:
            out.append(pack)
    if problems:
        raise RuleError(problems)
    return tuple(out)
