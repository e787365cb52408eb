"""Bad input in a multi-file run: one stderr line per file naming it and the cause, exit 2,
and the readable files are still checked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_each_bad_file_gets_one_line_and_the_good_one_is_still_checked(tmp_path: Path) -> None:
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "truncated.pdf").write_bytes((REPO / "corpora" / "riverton-strong.pdf").read_bytes()[:3000])
    (tmp_path / "text.docx").write_text("Officers shall intervene.\n", encoding="utf-8")
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 20)
    good = tmp_path / "good.md"
    good.write_text((REPO / "corpora" / "src" / "riverton-draft.md").read_text(encoding="utf-8"), encoding="utf-8")
    names = ["empty.pdf", "truncated.pdf", "text.docx", "junk.txt", "absent.pdf", "good.md"]
    run = subprocess.run(
        [sys.executable, "-m", "policylint", "check", *names, "--format", "json"],
        cwd=tmp_path, capture_output=True, text=True,
    )
    assert run.returncode == 2
    errors = [line for line in run.stderr.splitlines() if line.startswith("policylint: ")]
    expected = {"empty.pdf": "PL104", "truncated.pdf": "PL103", "text.docx": "PL106", "junk.txt": "PL105", "absent.pdf": "PL109"}
    for name, code in expected.items():
        mine = [line for line in errors if line.startswith(f"policylint: {name}: ")]
        assert len(mine) == 1 and f" {code}" in mine[0], (name, errors)
    assert not any("good.md" in line for line in errors)
    import json

    documents = {d["path"]: d for d in json.loads(run.stdout)["documents"]}
    assert documents["good.md"]["coverage"], "the readable file was still checked"
    assert all(not documents[n]["coverage"] for n in expected), "unreadable files get no coverage"
