"""pyHanko's validation is asynchronous; the readers are not. `asyncio.run` refuses to start where an event
loop already runs in the calling thread (a browser driven by Playwright's sync API in the same process, an
ASGI server's thread), and the signature would then read as not valid: such a caller gets a thread of its own."""
from __future__ import annotations

from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """The coroutine run to its end, on this thread's own new loop, or on another thread's if one runs here."""
    import asyncio  # here, not at the top: a reader that never meets a signature does not load asyncio
    from concurrent.futures import ThreadPoolExecutor

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
