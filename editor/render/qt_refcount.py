"""Protection against a PySide6 bug that drops a reference to ``None`` per call.

With PySide6 6.12.0 on Python 3.11, every call of a Qt method that returns
``void`` (``QPainter.save``, ``QPointF.setX``, ``QPainterPath.addPath`` …)
takes one reference away from ``None``: the binding returns ``Py_None``
without ``Py_INCREF``, which is harmless only from Python 3.12 on, where
``None`` is immortal. Painting one page makes thousands of such calls;
once ``None``'s count reaches zero the interpreter aborts with "Fatal
Python error: none_dealloc" — at exit, or in the middle of the editor's
session.

``restore_none_references`` wraps the backend's entry points: it measures
how many references ``None`` lost during the call and gives them back (at
worst a few too many, which is harmless: ``None`` is never freed). It
does nothing unless a probe at import shows the bug, so a fixed PySide6 or
Python 3.12+ run untouched. References to ``None`` that the wrapped code
keeps on purpose would hide as many lost ones, so the backend stores no
``None`` in long-lived containers (the photo cache uses a sentinel).
"""

from __future__ import annotations

import ctypes
import functools
import sys
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from PySide6.QtCore import QPointF

P = ParamSpec("P")
R = TypeVar("R")


def _count() -> int:
    return sys.getrefcount(None)


def _probe_leak() -> bool:
    """True when a void Qt call takes a reference away from ``None``."""
    point = QPointF()
    before = _count()
    for _ in range(16):
        point.setX(0.0)
    lost = before - _count()
    _give_back(lost)
    return lost >= 16


#: CPython's ``Py_IncRef``, with a prototype of our own (not shared ``pythonapi`` state).
_incref = ctypes.PYFUNCTYPE(None, ctypes.py_object)(("Py_IncRef", ctypes.pythonapi))


def _give_back(lost: int) -> None:
    """Return ``lost`` references to ``None`` (only ever adds, never takes)."""
    for _ in range(max(lost, 0)):
        _incref(None)

#: Whether this PySide6/Python pair has the bug (measured once, at import).
LEAKS_NONE: bool = _probe_leak()


def restore_none_references(function: Callable[P, R]) -> Callable[P, R]:
    """Decorate a function that calls Qt so that ``None`` ends with the references it started with."""
    if not LEAKS_NONE:
        return function

    @functools.wraps(function)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        before = _count()
        try:
            result = function(*args, **kwargs)
        except BaseException:
            _give_back(before - _count())
            raise
        # A None result is a reference the caller will drop: count it as lost too.
        _give_back(before - _count() + (result is None))
        return result

    return guarded
