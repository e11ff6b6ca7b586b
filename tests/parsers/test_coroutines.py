"""pyHanko's asynchronous validation runs from the synchronous readers even where the calling thread already
runs an event loop (parsers/coroutines.py); asyncio.run alone refuses there, and a valid signature read as
not valid."""
from __future__ import annotations

import asyncio
import threading

import pytest

from parsers.coroutines import run


async def _where() -> str:
    await asyncio.sleep(0)
    return threading.current_thread().name


def test_without_a_running_loop_it_runs_here() -> None:
    assert run(_where()) == threading.current_thread().name


def test_inside_a_running_loop_it_runs_on_a_thread_of_its_own() -> None:
    async def caller() -> str:
        refused = _where()
        with pytest.raises(RuntimeError):
            asyncio.run(refused)  # what the readers did: refused where a loop runs
        refused.close()
        return run(_where())

    assert asyncio.run(caller()) != threading.current_thread().name
