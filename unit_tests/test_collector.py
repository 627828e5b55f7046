"""The cyclic collector's settings around start-up and the sync, and that both are undone."""

from __future__ import annotations

import gc

import pytest

from destination_unified_ats.collector import SYNC_YOUNG_THRESHOLD, imports_without_gc, tuned_for_sync


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


def test_a_sync_freezes_what_exists_and_collects_young_objects_less_often_then_undoes_both() -> None:
    threshold = gc.get_threshold()
    with pytest.raises(RuntimeError), tuned_for_sync():
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (SYNC_YOUNG_THRESHOLD, *threshold[1:])
        raise RuntimeError("the sync failed")
    assert gc.get_threshold() == threshold
    assert gc.get_freeze_count() == 0


def test_a_higher_threshold_set_by_the_embedding_program_is_kept() -> None:
    threshold = gc.get_threshold()
    gc.set_threshold(50_000, *threshold[1:])
    try:
        with tuned_for_sync():
            assert gc.get_threshold()[0] == 50_000
    finally:
        gc.set_threshold(*threshold)
