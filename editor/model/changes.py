"""Reversible changes to the model: the atoms every undo command is made of.

Model objects are treated as values: an edit does not change a frame in
place, it puts a new frame (``dataclasses.replace``) where the old one was,
and keeps the old one for undo. A change is "set attribute ``name`` of
``target`` from ``old`` to ``new``" or "set key ``key`` of mapping
``target``" (``MISSING`` means absent, so adding and removing a story are
changes too). Lists (pages, a page's frames) are replaced whole, as new
list objects, which makes every edit exactly reversible: undo puts back the
very objects that were there.

Because of that rule, whoever keeps results computed from the model (the
editor's layout cache) can tell what changed by identity: a new value sits
where the old one was. ``revisions()`` counts applied changes so such a
cache can check the rule held — a change that sets an attribute of anything
but the document, a page or a master (a story, a frame, a style changed in
place) counts as *in place*, and the cache then trusts no identity.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, NamedTuple

from editor.model.assets import SizedPhotos
from editor.model.document import Document, MasterPage, Page

#: The objects whose attributes hold the values changes replace (pages, frames, masters, issue …).
SLOT_HOLDERS = (Document, Page, MasterPage)


class Revisions(NamedTuple):
    """Counts of changes applied in this process (forward or back): every one, and those in place."""

    every: int
    in_place: int


_every = itertools.count(1)
_in_place = itertools.count(1)
_revisions = Revisions(0, 0)


def revisions() -> Revisions:
    """How many changes have been applied so far (see ``Revisions``)."""
    return _revisions


def _count(in_place: bool) -> None:
    global _revisions
    _revisions = Revisions(next(_every), next(_in_place) if in_place else _revisions.in_place)


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
        _count(not isinstance(self.target, SLOT_HOLDERS))

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
        # The model's dicts (stories, styles, swatches, photos) map names to values: an entry
        # replaced is a slot change; anything else indexed in place is not. Photos read from
        # the project file (``SizedPhotos``) are such a mapping too.
        _count(not isinstance(self.target, (dict, SizedPhotos)))

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
