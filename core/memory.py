"""Giving a worker's memory back after a long response (the CSV exports).

An export of 200,000 organisations builds a few MB of Python objects per chunk; freed, that memory
stays with the worker process as free space in its heap (glibc's malloc keeps it for later
allocations), so each export left a worker bigger, and the page requests that follow never need
it. After an export, a full garbage collection frees what cycles held, and ``malloc_trim`` returns
the free pages of the heap to the system: VmRSS goes back down instead of ratcheting up.
"""

import ctypes
import ctypes.util
import gc
import logging

logger = logging.getLogger(__name__)


def _find_malloc_trim():
    """glibc's ``malloc_trim``, or None where the C library has none (musl, macOS)."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


_malloc_trim = _find_malloc_trim()


def release_freed_memory():
    """Collect garbage and return the heap's free pages to the system (milliseconds)."""
    gc.collect()
    if _malloc_trim is not None:
        try:
            _malloc_trim(0)
        except OSError:  # pragma: no cover - a C library that refuses; nothing to give back then
            logger.debug("malloc_trim failed", exc_info=True)
