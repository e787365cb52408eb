"""The bundled Riverton samples: generated files are current, and the draft differs only by its planted gaps."""

from __future__ import annotations

import difflib
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

CORPORA = Path(__file__).resolve().parents[2] / "corpora"
NAMES = ("riverton-strong", "riverton-draft")


def _load_build() -> ModuleType:
    """corpora/build.py is a script, not a package module: load it by path."""
    spec = importlib.util.spec_from_file_location("corpora_build", CORPORA / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build() -> ModuleType:
    return _load_build()


@pytest.fixture(scope="module")
def fresh(build: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One fresh build of every sample, shared by the tests below (a build takes ~2 s)."""
    out = tmp_path_factory.mktemp("fresh")
    build.build_all(out)
    return out


@pytest.fixture(scope="module")
def manifest() -> dict:
    return yaml.safe_load((CORPORA / "planted-gaps.yaml").read_text(encoding="utf-8"))


def _source(name: str) -> str:
    return (CORPORA / "src" / f"{name}.md").read_text(encoding="utf-8")


def test_generated_files_exist_for_every_source() -> None:
    for name in NAMES:
        for suffix in (".docx", ".pdf"):
            path = CORPORA / f"{name}{suffix}"
            assert path.is_file(), f"{path.name} missing: run python corpora/build.py"
            assert path.stat().st_size > 10_000


def test_generated_files_are_up_to_date(build: ModuleType, fresh: Path) -> None:
    assert build.stale_outputs(CORPORA, fresh) == []


def test_check_flag_detects_a_stale_file(build: ModuleType, fresh: Path, tmp_path: Path) -> None:
    """--check must fail when a committed file no longer matches its source."""
    for source in build.sources():  # every sample (the state-law variants too), so only the two edits below differ
        for suffix in (".docx", ".pdf"):
            (tmp_path / f"{source.stem}{suffix}").write_bytes((CORPORA / f"{source.stem}{suffix}").read_bytes())
    # Swap one generated file for the other manual's: same format, different text.
    (tmp_path / "riverton-draft.pdf").write_bytes((CORPORA / "riverton-strong.pdf").read_bytes())
    (tmp_path / "riverton-strong.docx").unlink()
    problems = build.stale_outputs(tmp_path, fresh)
    assert any(p.startswith("riverton-draft.pdf: text differs") for p in problems), problems
    assert "riverton-strong.docx: missing" in problems
    assert len(problems) == 2


def test_build_is_byte_deterministic(build: ModuleType, fresh: Path, tmp_path: Path) -> None:
    """Two builds of the same source give identical bytes, so regenerating never churns git."""
    for path in build.build_one(CORPORA / "src" / "riverton-draft.md", tmp_path):
        assert path.read_bytes() == (fresh / path.name).read_bytes(), path.name


def test_pdf_has_running_header_and_policy_footer_on_every_page(build: ModuleType) -> None:
    pages = build.pdf_text(CORPORA / "riverton-strong.pdf")
    assert 15 <= len(pages) <= 30
    for number, text in enumerate(pages, start=1):
        lines = text.splitlines()
        assert lines[0] == "Riverton Police Department - Policy Manual"
        assert re.fullmatch(rf".+ - {number}", lines[-1]), lines[-1]
    assert any(text.splitlines()[-1] == f"Use of Force - {n}" for n, text in enumerate(pages, 1))


def test_docx_uses_real_styles_header_footer_and_fixed_properties(build: ModuleType) -> None:
    import docx

    document = docx.Document(str(CORPORA / "riverton-strong.docx"))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "List Number"} <= styles
    assert len(document.tables) >= 2
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "Riverton Police Department - Policy Manual"
    assert "PAGE" in section.footer._element.xml  # the page-number field
    assert document.core_properties.created == build.FIXED_TIME
    assert document.core_properties.author == "Riverton Police Department"


def test_every_diff_line_is_a_planted_gap(manifest: dict) -> None:
    """The draft differs from the strong manual only where planted-gaps.yaml says it does."""
    strong, draft = _source("riverton-strong").splitlines(), _source("riverton-draft").splitlines()
    strong_markers = [m for gap in manifest["gaps"] for m in gap["strong_text"]]
    draft_markers = [m for gap in manifest["gaps"] for m in gap["draft_text"]]
    removed = added = 0
    # Walk the diff hunk by hunk; a deleted block (a whole policy) counts once, by its marker.
    matcher = difflib.SequenceMatcher(a=strong, b=draft, autojunk=False)
    explained: set[str] = set()
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        old = "\n".join(strong[a1:a2])
        new = "\n".join(draft[b1:b2])
        hits = [m for m in strong_markers if m in old] + [m for m in draft_markers if m in new]
        assert hits, f"unlisted difference:\n-{old}\n+{new}"
        explained.update(hits)
        removed += a2 - a1
        added += b2 - b1
    assert set(strong_markers + draft_markers) <= explained, "a listed gap is not in the diff"
    assert removed and added


def test_markers_belong_to_one_manual_only(manifest: dict) -> None:
    strong, draft = _source("riverton-strong"), _source("riverton-draft")
    for gap in manifest["gaps"]:
        for marker in gap["strong_text"]:
            assert marker in strong and marker not in draft, (gap["id"], marker)
        for marker in gap["draft_text"]:
            assert marker in draft and marker not in strong, (gap["id"], marker)


def test_manifest_entries_are_well_formed(manifest: dict) -> None:
    ids = [gap["id"] for gap in manifest["gaps"]]
    assert len(ids) == len(set(ids))
    for gap in manifest["gaps"]:
        assert gap["description"].strip()
        assert gap["findings"], gap["id"]
        for finding in gap["findings"]:
            assert set(finding) == {"pack", "topic", "element", "status"}
            allowed = {"missing", "weak"} if finding["element"] is None else {"hedged", "absent"}
            assert finding["status"] in allowed, (gap["id"], finding)


def test_agency_is_clearly_fictional() -> None:
    for name in NAMES:
        text = _source(name)
        assert "Riverton is a fictional city" in text
        # Only ASCII: the PDFs use reportlab's standard fonts, which lack most other glyphs.
        assert text.isascii()
