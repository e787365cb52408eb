"""The installed package holds every subpackage of the source tree (an installed policylint
without one fails at run time with ImportError, which the tests on the source tree never see)."""

from __future__ import annotations

from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

REPO = Path(__file__).resolve().parents[2]


def test_every_subpackage_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    source = {
        ".".join(init.parent.relative_to(REPO).parts)
        for init in (REPO / "policylint").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert source <= listed, f"missing from [tool.setuptools] packages: {sorted(source - listed)}"
