"""policylint imports spaCy without spaCy's command line, and spaCy's CLI still works after."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from policylint._spacy import _deferrable_cli_dir


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_importing_the_engine_leaves_spacy_cli_unloaded():
    out = _run(
        """
        import sys
        import policylint.api, policylint.engine.analyse, policylint.nlp
        from policylint.nlp import get_nlp
        get_nlp(True).make_doc("Officers shall intervene.")
        print("typer" in sys.modules, "requests" in sys.modules)
        """
    )
    if _deferrable_cli_dir() is None:  # another spaCy layout: imported as usual, nothing to check
        return
    assert out == "False False"


def test_spacy_cli_loads_on_first_use():
    out = _run(
        """
        import policylint.nlp  # installs the stand-ins
        import spacy
        import spacy.cli
        from spacy.cli import app  # a name only the real spacy/cli/__init__.py defines
        from spacy.cli.download import download
        print(type(spacy.cli).__name__, callable(spacy.info), callable(download), app is not None)
        """
    )
    assert out == "module True True True"


def test_spacy_info_still_answers():
    out = _run(
        """
        import policylint.nlp
        import spacy
        print(spacy.info(markdown=False, silent=True)["spacy_version"] == spacy.__version__)
        """
    )
    assert out == "True"
