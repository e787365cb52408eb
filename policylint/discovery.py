"""Which files a run checks: folders expanded, repository boilerplate and ignored paths left out.

A folder expands (recursively, sorted by path) to the files with a supported suffix, minus

* hidden files and folders (``.git``, ``.github``, ...);
* repository boilerplate that is never a policy manual: ``README``, ``CHANGELOG``, ``LICENSE``
  and their kin (:data:`BOILERPLATE_NAMES`, any suffix, any case);
* paths matched by an ``exclude`` pattern (config key ``exclude``, relative to the config
  file's folder; ``--exclude`` on the command line, relative to the current folder);
* paths matched by a ``.policylintignore`` file: the one in the project folder (the config
  file's folder, else the current one) and any inside a scanned folder, each relative to the
  folder that holds it.

Patterns use ``.gitignore`` syntax (``drafts/``, ``*.old.md``, ``!keep.md``), matched by the
``pathspec`` library. A file named on the command line is checked as given, as in ruff,
unless ``force_exclude`` is set: then the same rules apply to it. That is what the pre-commit
hook uses, because pre-commit names every staged file, READMEs included.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

__all__ = ["BOILERPLATE_NAMES", "IGNORE_FILE", "SUPPORTED_SUFFIXES", "IgnoreRules", "is_boilerplate", "expand"]

IGNORE_FILE = ".policylintignore"

#: The suffixes a folder expands to (one reader each: policylint/loading.py).
SUPPORTED_SUFFIXES = (".pdf", ".docx", ".doc", ".md", ".markdown", ".html", ".htm", ".txt", ".text")

#: File stems (lower case) that are repository furniture, not policy.
BOILERPLATE_NAMES = frozenset({
    "readme", "changelog", "changes", "history", "news", "license", "licence", "copying", "notice",
    "authors", "contributors", "contributing", "code_of_conduct", "code-of-conduct", "security", "support",
})


def is_boilerplate(path: Path) -> bool:
    """``README.md``, ``CHANGELOG``, ``LICENSE.txt``, ``readme.pdf``... (the stem decides, any case)."""
    stem = path.name.split(".", 1)[0].lower()
    return stem in BOILERPLATE_NAMES


@dataclass(frozen=True)
class _Spec:
    base: Path  # patterns are relative to this folder
    spec: object  # pathspec.GitIgnoreSpec
    origin: str

    def matches(self, path: Path, is_dir: bool = False) -> bool:
        try:
            relative = path.resolve().relative_to(self.base).as_posix()
        except ValueError:
            return False  # outside the folder the patterns were written for
        # a trailing slash lets directory-only patterns ("drafts/") prune a whole folder
        return bool(self.spec.match_file(relative + "/" if is_dir else relative))  # type: ignore[attr-defined]


@dataclass(frozen=True)
class IgnoreRules:
    """Every ``exclude`` pattern set and ignore file of a run."""

    specs: tuple[_Spec, ...] = field(default_factory=tuple)

    @classmethod
    def build(cls, *, patterns: Iterable[tuple[Path, Sequence[str], str]] = (), project: Path | None = None) -> "IgnoreRules":
        """``patterns``: (base folder, gitignore lines, where they came from); plus ``project``'s ignore file."""
        specs = [_compile(base, lines, origin) for base, lines, origin in patterns if lines]
        if project is not None:
            found = _ignore_file(project)
            if found is not None:
                specs.append(found)
        return cls(tuple(specs))

    def with_folder(self, folder: Path) -> "IgnoreRules":
        """These rules plus ``folder``'s own ignore file, if it has one (nested, like .gitignore)."""
        found = _ignore_file(folder)
        if found is None or any(s.base == found.base for s in self.specs):
            return self
        return IgnoreRules(self.specs + (found,))

    def ignores(self, path: Path, is_dir: bool = False) -> bool:
        return any(spec.matches(path, is_dir) for spec in self.specs)


def _compile(base: Path, lines: Sequence[str], origin: str) -> _Spec:
    import pathspec

    return _Spec(base.resolve(), pathspec.GitIgnoreSpec.from_lines(list(lines)), origin)


def _ignore_file(folder: Path) -> _Spec | None:
    path = folder / IGNORE_FILE
    if not path.is_file():
        return None
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None  # an unreadable ignore file ignores nothing; the files are still checked
    return _compile(folder, lines, str(path))


def expand(
    paths: Sequence[str | Path],
    suffixes: Sequence[str],
    *,
    rules: IgnoreRules | None = None,
    force_exclude: bool = False,
) -> list[Path]:
    """Files as given (see the module docstring for ``force_exclude``); folders expanded."""
    rules = rules or IgnoreRules()
    out: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            out.extend(_walk(path, tuple(s.lower() for s in suffixes), rules.with_folder(path)))
        elif not (force_exclude and (is_boilerplate(path) or rules.ignores(path))):
            out.append(path)
    return out


def _walk(root: Path, suffixes: tuple[str, ...], rules: IgnoreRules) -> list[Path]:
    found: list[Path] = []
    stack = [(root, rules)]
    while stack:
        folder, here = stack.pop()
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue  # an unreadable subfolder holds nothing we could read either
        for entry in entries:
            is_dir = entry.is_dir()
            if entry.name.startswith(".") or here.ignores(entry, is_dir):
                continue
            if is_dir:
                stack.append((entry, here.with_folder(entry)))
            elif entry.is_file() and entry.suffix.lower() in suffixes and not is_boilerplate(entry):
                found.append(entry)
    return sorted(found, key=lambda p: str(p.relative_to(root)).lower())
