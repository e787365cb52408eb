"""The California and Illinois Riverton variants: the crosswalk names each planted statutory gap, and nothing else.

corpora/planted-gaps.yaml (``state_variants``) is the answer key: every requirement of the
state's pack that is not listed there must come out satisfied, in every format the sample is
built in, with a section (and, for the PDF, a page) a reader can check.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
import yaml

CORPORA = Path(__file__).resolve().parents[2] / "corpora"
MANIFEST = yaml.safe_load((CORPORA / "planted-gaps.yaml").read_text(encoding="utf-8"))
VARIANTS = {v["id"]: v for v in MANIFEST["state_variants"]}
FORMATS = ("md", "pdf", "docx")


def _files(variant: dict) -> list[Path]:
    stem = Path(variant["source"]).stem
    return [CORPORA / variant["source"] if fmt == "md" else CORPORA / f"{stem}.{fmt}" for fmt in FORMATS]


def _as_of(variant: dict) -> dt.date:
    value = variant["as_of"]
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _crosswalk_csv(paths: list[Path], pack: str, as_of: str) -> tuple[int, list[dict[str, str]]]:
    """`policylint crosswalk --format csv` in-process; (exit code, rows)."""
    from click.testing import CliRunner

    from policylint.cli import main

    result = CliRunner().invoke(main, ["crosswalk", *map(str, paths), "--pack", pack, "--as-of", as_of, "--format", "csv"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    text = result.stdout
    assert text.startswith("\ufeff"), "the CSV starts with a byte-order mark for spreadsheet programs"
    return result.exit_code, list(csv.DictReader(io.StringIO(text[1:])))


@pytest.fixture(scope="module", params=sorted(VARIANTS))
def variant_run(request: pytest.FixtureRequest) -> tuple[dict, int, list[dict[str, str]]]:
    variant = VARIANTS[request.param]
    code, rows = _crosswalk_csv(_files(variant), variant["pack"], _as_of(variant).isoformat())
    return variant, code, rows


def _planted(variant: dict) -> dict[tuple[str, str, str], str]:
    return {(f["pack"], f["topic"], f["element"]): f["status"] for gap in variant["gaps"] for f in gap["findings"]}


def test_crosswalk_names_each_planted_gap_and_nothing_else(variant_run) -> None:
    variant, code, rows = variant_run
    assert code == 1  # a contradiction and missing requirements are findings
    planted = _planted(variant)
    by_path: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_path.setdefault(row["path"], []).append(row)
    assert len(by_path) == len(FORMATS)
    for path, document_rows in by_path.items():
        found = {(r["pack"], r["topic"], r["requirement_id"]): r["status"] for r in document_rows if r["status"] != "satisfied"}
        assert found == planted, path


def test_planted_rows_quote_the_planted_wording(variant_run) -> None:
    variant, _, rows = variant_run
    for gap in variant["gaps"]:
        for finding in gap["findings"]:
            hits = [r for r in rows if (r["topic"], r["requirement_id"]) == (finding["topic"], finding["element"])]
            assert len(hits) == len(FORMATS)
            for row in hits:
                if finding["status"] == "missing":
                    assert row["evidence"] == "" and row["section"] == "", (gap["id"], row)
                else:
                    assert any(marker in row["evidence"] for marker in gap["variant_text"]), (gap["id"], row["evidence"])


def test_every_satisfied_row_cites_a_section_and_for_pdf_a_page(variant_run) -> None:
    variant, _, rows = variant_run
    stem = Path(variant["source"]).stem
    satisfied = [r for r in rows if r["status"] == "satisfied"]
    assert satisfied
    for row in satisfied:
        assert row["section"] and row["evidence"] and row["citation"] and row["effective"], row
        if row["path"].endswith(".pdf"):
            assert row["page"].isdigit(), row
    assert any(r["path"].endswith(f"{stem}.pdf") for r in satisfied)


def test_variant_text_belongs_to_the_variant_only() -> None:
    strong = (CORPORA / "src" / "riverton-strong.md").read_text(encoding="utf-8")
    for variant in VARIANTS.values():
        text = (CORPORA / variant["source"]).read_text(encoding="utf-8")
        assert "Riverton is a fictional city" in text and text.isascii()
        for gap in variant["gaps"]:
            assert gap["description"].strip() and gap["findings"]
            for marker in gap["variant_text"]:
                assert marker in text and marker not in strong, (gap["id"], marker)
            for finding in gap["findings"]:
                assert finding["status"] in ("missing", "weak", "contradicted")
        contradictions = [f for g in variant["gaps"] for f in g["findings"] if f["status"] == "contradicted"]
        assert len(contradictions) == 1, variant["id"]


def test_generated_variant_files_exist() -> None:
    for variant in VARIANTS.values():
        for path in _files(variant):
            assert path.is_file() and path.stat().st_size > 10_000, path


def test_as_of_before_ab26_reports_those_rows_not_in_force() -> None:
    """Judged as of mid-2021, AB 26, AB 48 and AB 490 (all in force 2022) are not law yet:
    their rows say so instead of reporting gaps, and the 7286.5 contradiction stays."""
    variant = VARIANTS["california"]
    _, rows = _crosswalk_csv([CORPORA / variant["source"]], "ca", "2021-06-01")
    status = {r["requirement_id"]: r["status"] for r in rows}
    for later in ("report-immediately", "intercede-discipline", "no-retaliation", "positional-asphyxia-ban",
                  "deployment-reporting", "only-to-defend-life"):
        assert status[later] == "not in force", later
    assert status["carotid-ban"] == "contradicted"
    assert status["bystanders"] == "weak"
    assert {r["as_of"] for r in rows} == {"2021-06-01"}


def test_illinois_manual_before_the_safe_t_act() -> None:
    """As of 2021-06-30 the SAFE-T Act duties (in force 2021-07-01) are not yet law."""
    variant = VARIANTS["illinois"]
    _, rows = _crosswalk_csv([CORPORA / variant["source"]], "il", "2021-06-30")
    status = {r["requirement_id"]: r["status"] for r in rows}
    assert status["chemical-agents-dispersal-order"] == "not in force"
    assert status["report-within-five-days"] == "not in force"
    assert status["retention"] == "missing"  # the camera act is older (2016)
    assert status["chokehold-ban"] == "satisfied"
