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


def test_no_two_test_modules_share_a_file_name() -> None:
    # The test folders are not packages, so pytest imports each module by its bare file name:
    # two files with the same name in different folders stop collection ("import file mismatch").
    seen: dict[str, Path] = {}
    clashes = []
    for module in sorted((REPO / "tests").rglob("test_*.py")):
        if "__pycache__" in module.parts:
            continue
        if module.name in seen:
            clashes.append(f"{seen[module.name].relative_to(REPO)} and {module.relative_to(REPO)}")
        seen.setdefault(module.name, module)
    assert not clashes, "test modules with the same file name: " + "; ".join(clashes)
