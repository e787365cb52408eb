"""Hypothesis profiles for the fuzz suite.

CI runs the ``ci`` profile (few examples per property: the suite adds well under a minute);
``HYPOTHESIS_PROFILE=long python -m pytest tests/fuzz`` runs thousands per property locally.
Deadlines are off: timings on a shared machine are noise, and a hang is caught by the
hostile-input benchmark (benchmarks/hostile.py), not by a timed test.

A failure hypothesis finds is shrunk to a small input: save it under ``tests/fuzz/crashers/``
in the folder of the loader it broke, and ``test_crashers.py`` keeps it as a regression test.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=25, deadline=None, derandomize=True, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "long", max_examples=2000, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
