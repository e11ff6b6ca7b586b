"""A parse child keeps sharing the pages it inherited: a full garbage collection in it (which the readers
trigger on large mail) must not copy the parent's heap into it (parsers/bounded.py, `_keep_shared`)."""
from __future__ import annotations

import gc
from pathlib import Path

import pytest

from parsers import bounded
from parsers.reading import Reading


def _private_dirty_mb() -> float:
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
        if line.startswith("Private_Dirty:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _after_a_full_collection() -> Reading:
    """In the child: what a full collection made this process hold on its own (MB), carried home as keys of
    a reading that the model does not name (kept as they came)."""
    before = _private_dirty_mb()
    gc.collect()
    return Reading.model_validate({"frozen": gc.get_freeze_count(), "copied_mb": _private_dirty_mb() - before})


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="needs Linux's /proc")
def test_a_full_collection_in_the_child_copies_little_of_what_it_inherited() -> None:
    bounded._preload()  # the readers imported, as in the daemon before its first fork
    out = bounded._run(_after_a_full_collection, (), 30, 1024, False, None).model_extra or {}
    assert out["frozen"] > 50_000  # the modules and objects of the parent, not walked by the child
    # without the freeze the collection copies every page holding an inherited object (33 MB with the
    # readers alone, 48 MB under the daemon's imports: bench/cow.py); with it, next to nothing
    assert out["copied_mb"] < 8, out
