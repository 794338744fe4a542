"""Reversible changes to the model: the atoms every undo command is made of.

Model objects are treated as values: an edit does not change a frame in
place, it puts a new frame (``dataclasses.replace``) where the old one was,
and keeps the old one for undo. A change is "set attribute ``name`` of
``target`` from ``old`` to ``new``" or "set key ``key`` of mapping
``target``" (``MISSING`` means absent, so adding and removing a story are
changes too). Lists (pages, a page's frames) are replaced whole, as new
list objects, which makes every edit exactly reversible: undo puts back the
very objects that were there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True, eq=False)
class AttrChange:
    """``target.name``: ``old`` → ``new``."""

    target: Any
    name: str
    old: Any
    new: Any

    def apply(self, forward: bool) -> None:
        setattr(self.target, self.name, self.new if forward else self.old)

    def same_place(self, other: object) -> bool:
        return isinstance(other, AttrChange) and other.target is self.target and other.name == self.name

    def merged(self, later: AttrChange) -> AttrChange:
        return AttrChange(self.target, self.name, self.old, later.new)


@dataclass(frozen=True, eq=False)
class ItemChange:
    """``target[key]``: ``old`` → ``new`` (``MISSING`` = absent) in a dict."""

    target: dict
    key: Any
    old: Any
    new: Any

    def apply(self, forward: bool) -> None:
        value = self.new if forward else self.old
        if value is MISSING:
            self.target.pop(self.key, None)
        else:
            self.target[self.key] = value

    def same_place(self, other: object) -> bool:
        return isinstance(other, ItemChange) and other.target is self.target and other.key == self.key

    def merged(self, later: ItemChange) -> ItemChange:
        return ItemChange(self.target, self.key, self.old, later.new)


Change = AttrChange | ItemChange


def set_attr(target: Any, name: str, new: Any) -> AttrChange:
    """A change setting ``target.name`` to ``new`` (recording the current value)."""
    return AttrChange(target, name, getattr(target, name), new)


def set_item(target: dict, key: Any, new: Any) -> ItemChange:
    """A change setting ``target[key]`` (``MISSING`` removes it)."""
    return ItemChange(target, key, target.get(key, MISSING), new)
