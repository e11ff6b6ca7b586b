"""A parse child keeps sharing the pages it inherited: a full garbage collection in it (which the readers
trigger on large mail) must not copy the parent's heap into it (parsers/bounded.py, `_keep_shared`)."""
from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from parsers import bounded


def _after_a_full_collection() -> dict[str, Any]:
    """In the child: collect everything, then what this process holds on its own (MB)."""
    gc.collect()
    fields = {}
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines()[1:]:
        key, value = line.split(":", 1)
        fields[key] = int(value.split()[0]) / 1024
    return {"frozen": gc.get_freeze_count(), "private_dirty_mb": fields["Private_Dirty"]}


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="needs Linux's /proc")
def test_a_full_collection_in_the_child_copies_little_of_what_it_inherited() -> None:
    bounded._preload()  # the readers imported, as in the daemon before its first fork
    inherited = bounded._statm(1) / 2**20
    out = bounded._run(_after_a_full_collection, (), 30, 1024, False, None)
    assert out["frozen"] > 50_000  # the modules and objects of the parent, not walked by the child
    # without the freeze the collection copies every page holding an inherited object (33 MB with the
    # readers alone, 48 MB under the daemon's imports: bench/cow.py); with it, what the child wrote itself
    assert inherited > 60
    assert out["private_dirty_mb"] < 16, out
