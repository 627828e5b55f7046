"""The cyclic collector's settings around start-up and the sync, and that both are undone."""

from __future__ import annotations

import gc

import pytest

from destination_unified_ats.collector import imports_without_gc, tuned_for_sync


@pytest.mark.parametrize("enabled_before", [True, False])
def test_imports_run_without_collection_and_the_previous_state_returns(enabled_before: bool) -> None:
    was = gc.isenabled()
    (gc.enable if enabled_before else gc.disable)()
    try:
        with imports_without_gc():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled_before
    finally:
        (gc.enable if was else gc.disable)()


def test_a_sync_freezes_what_exists_and_thaws_it_afterwards_even_when_it_fails() -> None:
    threshold = gc.get_threshold()
    with pytest.raises(RuntimeError), tuned_for_sync():
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == threshold  # young objects as often as ever: garbage must not pile up
        raise RuntimeError("the sync failed")
    assert gc.get_freeze_count() == 0
