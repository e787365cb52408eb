"""The garbage-collector pause around reading and judging restores the caller's setting."""

from __future__ import annotations

import gc

import pytest

from policylint.api import _collector_paused


def test_pause_then_restore_when_enabled():
    assert gc.isenabled()
    with _collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_restored_after_an_error():
    with pytest.raises(RuntimeError):
        with _collector_paused():
            raise RuntimeError("boom")
    assert gc.isenabled()


def test_never_switched_on_if_the_caller_had_it_off():
    gc.disable()
    try:
        with _collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
