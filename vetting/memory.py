"""How the processes of a vetting run use memory: the cyclic garbage collector and the C allocator.

A vetting run makes millions of small, long-lived objects (comment rows, per-creator facts) and
almost no reference cycles (under a hundred objects per 100,000 comments). CPython's cyclic
collector still walks every tracked object again and again as they accumulate: a third of the
parent's CPU time and a sixth of a worker's on the 500,000-comment benchmark
(``benchmarks/vet.py``). :func:`collector_paused` switches it off for the run; reference counting
still frees every object that is no longer used, and the collector runs again afterwards for the
few cycles left. A forked worker inherits the paused collector and keeps it paused for its life
(one run).

A worker also allocates and frees the same large NumPy arrays for every batch (n-gram spans and
hashes, sparse matrices: tens of megabytes each). glibc's malloc serves such blocks with ``mmap``
and unmaps them when they are freed, so every batch faults in and zeroes fresh pages again: about
200,000 page faults per 100,000 comments, a fifth of the bot model's CPU time.
:func:`reuse_freed_memory` has malloc serve blocks up to 32 MiB from its heap and keep up to 256 MiB
of freed memory there (mallopt(3)); it is for the short-lived workers, whose peak memory does not
change, and does nothing on a C library other than glibc.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import platform
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["MMAP_THRESHOLD", "TRIM_THRESHOLD", "collector_paused", "reuse_freed_memory"]

logger = logging.getLogger(__name__)

_M_TRIM_THRESHOLD = -1   # mallopt(3) parameter numbers (glibc's malloc.h)
_M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 32 * 1024 * 1024    # the largest value glibc accepts on 64-bit systems
TRIM_THRESHOLD = 256 * 1024 * 1024


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (see the module docstring); restored after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def reuse_freed_memory() -> bool:
    """Have glibc's malloc keep freed blocks for reuse (see the module docstring); True when it did."""
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        done = bool(libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
            libc.mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))
    except (OSError, AttributeError):
        return False
    if not done:
        logger.debug("mallopt refused the thresholds; the allocator keeps its defaults")
    return done
