"""call_on_fresh_stack behaves as a plain call: arguments in, result or exception out."""

import sys

import pytest

from graphql_api.common.frame_stack import RESERVED_STACK_SLOTS, call_on_fresh_stack


def test_it_passes_arguments_and_returns_the_result():
    assert call_on_fresh_stack(divmod, 17, 5) == (3, 2)
    assert call_on_fresh_stack(dict, a=1, b=2) == {"a": 1, "b": 2}


def test_exceptions_reach_the_caller_unchanged():
    with pytest.raises(ZeroDivisionError):
        call_on_fresh_stack(divmod, 1, 0)


def test_the_call_declares_the_reserved_stack():
    # What makes CPython 3.11 give the callees a chunk of their own; if an interpreter ignored
    # the declaration, the workaround would silently do nothing.
    assert call_on_fresh_stack.__code__.co_stacksize >= RESERVED_STACK_SLOTS
    assert sys.version_info[:2] < (3, 15), "CPython 3.15 fixes gh-142183: remove frame_stack.py"
