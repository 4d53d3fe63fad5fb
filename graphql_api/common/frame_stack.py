"""Runs a call on a fresh, roomy chunk of CPython's frame stack, so that deep GraphQL execution
stops paying for memory the interpreter maps and unmaps again and again.

CPython 3.11 keeps Python frames in chunks of 16 KiB and unmaps a chunk as soon as the call that
opened it returns ("Calls across stack chunks perform badly", python/cpython#142183, fixed in 3.15).
GraphQL execution calls the same few functions for every field, thousands of times, a few frames
deeper for each nested list: when one of those calls lands on a chunk boundary, every call maps a
new chunk and unmaps it on return. On the benchmarked events list that was 600–1,400 page faults
per request under gunicorn and up to 7,400 (55 ms of kernel time) through Django's test client,
depending only on how deep the view happened to be called; the hand-written view had none.

CPython gives a frame that does not fit in the current chunk a new chunk, the smallest power of two
that holds it with some room to spare, and the calls under it go on in that chunk. A function that
declares a large evaluation stack (520 KB) therefore gets a 1 MiB chunk whose upper half is left to
the calls under it. The declared stack is never written, so the kernel backs only the pages the
frames actually use. Remove this once the project runs on a Python with the fix.
"""

from types import FunctionType

# 8-byte slots: 65,000 of them make CPython map a 1 MiB chunk and leave about 500 KiB, thousands
# of frames, to the callees.
RESERVED_STACK_SLOTS = 65_000


def _call(function, *args, **kwargs):
    return function(*args, **kwargs)


call_on_fresh_stack = FunctionType(
    _call.__code__.replace(co_stacksize=_call.__code__.co_stacksize + RESERVED_STACK_SLOTS),
    _call.__globals__,
    "call_on_fresh_stack",
)
call_on_fresh_stack.__doc__ = (
    "`function(*args, **kwargs)`, its frames on a stack chunk of their own."
)
