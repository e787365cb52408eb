"""A content-addressed cache of read documents and of their judged coverage.

Reading a 600-page PDF is most of a run; judging it is most of the rest. Both are pure
functions of the file's bytes and of policylint's own code (plus, for judging, the rule
packs), so both are cached under keys made of exactly those:

* a **document** entry (the :class:`~policylint.model.Document` a reader built) is keyed
  by the file's sha256 and the *reader fingerprint*: a hash of the source of every module
  that reads and structures a file (``ingest/``, ``structure/``, ``model.py``,
  ``loading.py``) and the versions of the libraries they call (pdfplumber, pypdfium2,
  python-docx, ...). Editing a reader, or upgrading pdfplumber, invalidates every entry
  without anyone remembering to bump a version;
* a **result** entry (the coverage the engine decided, before severities and waivers,
  which each run re-applies from its own config) is keyed by the document key plus the
  *rules fingerprint*: every selected pack's id, version and file content, the disabled
  topics, and a hash of the engine's source and spaCy's version.

Entries live under ``<cache folder>/v1/{documents,results}/ab/<key>.pickle`` (and the
rules' phrase tokens under ``plans/``, see :mod:`policylint.batch.plan_cache`). The folder
is ``platformdirs.user_cache_dir("policylint")`` unless ``POLICYLINT_CACHE_DIR`` or an
explicit folder says otherwise. Entries are pickles of the frozen model records (they
round-trip exactly); the folder is the user's own, as with any tool's cache, and an entry
that cannot be read back (truncated, from another version, edited) is deleted and
treated as a miss, never a crash. Writes are atomic (a temporary file renamed into
place), so parallel workers sharing the folder never see half an entry.

A size limit (default 2 GiB) is kept by :meth:`DocumentCache.trim`, which deletes the
least recently used entries (reads refresh an entry's modification time) until the
folder is under 90% of the limit.

Content addressing means two copies of one manual at two paths share an entry; the
path-bearing fields (``Document.path``, each diagnostic's ``path`` and the path named
in its message) are rewritten to the path being read (:func:`relocate_document`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from ..model import Diagnostic, Document

if TYPE_CHECKING:  # pragma: no cover
    from ..results import TopicCoverage
    from ..rulebook import Pack

__all__ = [
    "CACHE_ENV",
    "CACHE_LIMIT_ENV",
    "DEFAULT_LIMIT_BYTES",
    "CacheSettings",
    "CachedResult",
    "DocumentCache",
    "default_cache_folder",
    "reader_fingerprint",
    "rules_fingerprint",
    "relocate_document",
    "relocate_diagnostics",
]

#: Environment variable naming the cache folder (tests and CI point it at a temp folder).
CACHE_ENV = "POLICYLINT_CACHE_DIR"
#: Environment variable for the size limit, in megabytes.
CACHE_LIMIT_ENV = "POLICYLINT_CACHE_MB"
DEFAULT_LIMIT_BYTES = 2 * 1024 * 1024 * 1024
#: Bumped when the entry layout changes (the folder name carries it).
CACHE_FORMAT = "v1"
#: Eviction stops below this share of the limit, so one run does not trim at every write.
_TRIM_TARGET = 0.9

_PACKAGE = Path(__file__).resolve().parents[1]
#: Modules whose code decides what a Document holds (paths relative to the package).
_READER_SOURCES = ("model.py", "loading.py", "ingest", "structure")
#: Libraries the readers call; their versions are part of the reader fingerprint.
_READER_LIBRARIES = ("pdfplumber", "pdfminer.six", "pypdfium2", "python-docx", "markdown-it-py", "lxml")
#: Modules whose code decides the coverage of a Document.
_ENGINE_SOURCES = ("results.py", "nlp.py", "_spacy.py", "engine", "rulebook")
_ENGINE_LIBRARIES = ("spacy", "spacy-lookups-data")


def default_cache_folder() -> Path:
    """``$POLICYLINT_CACHE_DIR`` if set, else the platform's per-user cache folder."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("policylint", appauthor=False))


def _default_limit() -> int:
    raw = os.environ.get(CACHE_LIMIT_ENV)
    try:
        return int(float(raw) * 1024 * 1024) if raw else DEFAULT_LIMIT_BYTES
    except ValueError:
        return DEFAULT_LIMIT_BYTES


def _hash_sources(names: Sequence[str], libraries: Sequence[str]) -> str:
    from importlib import metadata

    digest = hashlib.sha256(CACHE_FORMAT.encode())
    for name in names:
        target = _PACKAGE / name
        files = sorted(target.rglob("*.py")) if target.is_dir() else [target]
        for file in files:
            digest.update(str(file.relative_to(_PACKAGE)).encode())
            digest.update(file.read_bytes())
    for library in libraries:
        try:
            version = metadata.version(library)
        except metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{library}={version}".encode())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def reader_fingerprint() -> str:
    """A hash of the reading stages' code and libraries (computed once per process)."""
    return _hash_sources(_READER_SOURCES, _READER_LIBRARIES)


@lru_cache(maxsize=1)
def _engine_fingerprint() -> str:
    return _hash_sources(_ENGINE_SOURCES, _ENGINE_LIBRARIES)


def rules_fingerprint(packs: Sequence["Pack"], disabled: Sequence[str]) -> str:
    """A hash of what decides coverage: packs (id, version, file), the lexicon files their
    concepts come from, disabled topics, engine code."""
    digest = hashlib.sha256(_engine_fingerprint().encode())
    lexicon_files: set[str] = set()
    for pack in packs:
        digest.update(f"\0{pack.id}\0{pack.version}\0".encode())
        try:
            digest.update(Path(pack.path).read_bytes())
        except OSError:
            # A pack built in memory has no file: its record's text stands in for it.
            digest.update(repr(pack).encode())
        lexicon = getattr(pack, "lexicon", None)
        lexicon_files.update(getattr(lexicon, "paths", ()) or ())
    for path in sorted(lexicon_files):
        digest.update(f"\0lexicon\0{Path(path).name}\0".encode())
        try:
            digest.update(Path(path).read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
    for topic in sorted(disabled):
        digest.update(f"\0disabled\0{topic}".encode())
    return digest.hexdigest()


def relocate_diagnostics(diagnostics: Sequence[Diagnostic], old: str, new: str) -> tuple[Diagnostic, ...]:
    """Diagnostics recorded for ``old`` as the reader would have written them for ``new``."""
    if old == new:
        return tuple(diagnostics)
    return tuple(
        dataclasses.replace(d, path=new if d.path == old else d.path, message=d.message.replace(old, new))
        for d in diagnostics
    )


def relocate_document(document: Document, path: str) -> Document:
    """``document`` as if read at ``path`` (a cached entry may have been read at another path)."""
    if document.path == path:
        return document
    return dataclasses.replace(
        document, path=path, diagnostics=relocate_diagnostics(document.diagnostics, document.path, path)
    )


@dataclass(frozen=True)
class CachedResult:
    """What the engine decided for one file: enough to build its DocumentResult without reading it.

    ``coverage`` is None for a file that could not be judged (nothing readable in it).
    ``path`` is the path it was read at (see :func:`relocate_diagnostics`).
    """

    path: str
    format: str | None
    pages: int | None
    sha256: str
    diagnostics: tuple[Diagnostic, ...]
    agency: str | None
    coverage: "tuple[TopicCoverage, ...] | None"


@dataclass(frozen=True)
class CacheSettings:
    """Where the cache is and how big it may grow; picklable, so workers open the same one."""

    folder: Path
    max_bytes: int = DEFAULT_LIMIT_BYTES

    @classmethod
    def default(cls, folder: Path | str | None = None, max_mb: float | None = None) -> "CacheSettings":
        """Explicit values win; else ``$POLICYLINT_CACHE_DIR`` / ``$POLICYLINT_CACHE_MB``; else defaults."""
        limit = int(max_mb * 1024 * 1024) if max_mb is not None else _default_limit()
        return cls(Path(folder) if folder is not None else default_cache_folder(), limit)

    def open(self) -> "DocumentCache":
        return DocumentCache(self.folder, max_bytes=self.max_bytes)


class DocumentCache:
    """Read and write cache entries; every failure is a miss (or a skipped write), never an error."""

    def __init__(self, folder: Path, *, max_bytes: int = DEFAULT_LIMIT_BYTES) -> None:
        self.folder = Path(folder)
        self.max_bytes = max_bytes
        self.root = self.folder / CACHE_FORMAT
        self.hits = 0
        self.misses = 0

    # ---------------------------------------------------------------- keys

    @staticmethod
    def file_digest(path: Path) -> str | None:
        """The file's sha256, or None when it cannot be read (its reader will say why)."""
        digest = hashlib.sha256()
        try:
            with open(path, "rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
        except OSError:
            return None
        return digest.hexdigest()

    @staticmethod
    def document_key(sha256: str) -> str:
        return hashlib.sha256(f"{sha256}\0{reader_fingerprint()}".encode()).hexdigest()

    @staticmethod
    def result_key(document_key: str, rules_key: str) -> str:
        return hashlib.sha256(f"{document_key}\0{rules_key}".encode()).hexdigest()

    # ---------------------------------------------------------------- documents and results

    def get_document(self, key: str, path: str) -> Document | None:
        found = self._read("documents", key)
        if not isinstance(found, Document):
            return None
        return relocate_document(found, path)

    def has_document(self, key: str) -> bool:
        """Whether a document entry exists (not whether it loads: :meth:`get_document` decides that)."""
        return self._entry_path("documents", key).is_file()

    def put_document(self, key: str, document: Document) -> None:
        self._write("documents", key, document)

    def get_result(self, key: str, path: str) -> CachedResult | None:
        found = self._read("results", key)
        if not isinstance(found, CachedResult):
            return None
        if found.path == path:
            return found
        return dataclasses.replace(found, path=path, diagnostics=relocate_diagnostics(found.diagnostics, found.path, path))

    def put_result(self, key: str, result: CachedResult) -> None:
        self._write("results", key, result)

    def get_plan(self, key: str) -> Any:
        """A plan entry (see :mod:`policylint.batch.plan_cache`, which checks its shape), or None."""
        return self._read("plans", key)

    def put_plan(self, key: str, payload: Any) -> None:
        self._write("plans", key, payload)

    # ---------------------------------------------------------------- size limit

    def size(self) -> int:
        return sum(size for _, size, _ in self._entries())

    def trim(self) -> int:
        """Delete least recently used entries while the cache is over its limit; returns bytes freed."""
        entries = self._entries()
        total = sum(size for _, size, _ in entries)
        if total <= self.max_bytes:
            return 0
        freed = 0
        target = int(self.max_bytes * _TRIM_TARGET)
        for path, size, _ in sorted(entries, key=lambda e: e[2]):
            if total - freed <= target:
                break
            try:
                path.unlink()
                freed += size
            except OSError:
                continue
        return freed

    def clear(self) -> None:
        """Remove every entry (``policylint`` never needs to; tests and users may)."""
        for path, _, _ in self._entries():
            try:
                path.unlink()
            except OSError:
                pass

    # ---------------------------------------------------------------- files

    def _entry_path(self, kind: str, key: str) -> Path:
        return self.root / kind / key[:2] / f"{key}.pickle"

    def _entries(self) -> list[tuple[Path, int, float]]:
        out = []
        if not self.root.is_dir():
            return out
        for path in self.root.rglob("*.pickle"):
            try:
                stat = path.stat()
            except OSError:
                continue
            out.append((path, stat.st_size, stat.st_mtime))
        return out

    def _read(self, kind: str, key: str) -> Any:
        path = self._entry_path(kind, key)
        try:
            with open(path, "rb") as handle:
                stored_key, payload = pickle.load(handle)
        except FileNotFoundError:
            self.misses += 1
            return None
        except Exception:  # noqa: BLE001 - any damage (truncation, old classes, junk) is a miss
            self._discard(path)
            self.misses += 1
            return None
        if stored_key != key:
            self._discard(path)
            self.misses += 1
            return None
        try:
            os.utime(path)  # least recently *used* is what trim() evicts
        except OSError:
            pass
        self.hits += 1
        return payload

    def _write(self, kind: str, key: str, payload: Any) -> None:
        path = self._entry_path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=".tmp-", delete=False)
            try:
                with handle:
                    pickle.dump((key, payload), handle, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(handle.name, path)
            except BaseException:
                os.unlink(handle.name)
                raise
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            return  # a read-only or full disk costs the speed-up, never the run

    @staticmethod
    def _discard(path: Path) -> None:
        try:
            path.unlink()
        except OSError:
            pass
