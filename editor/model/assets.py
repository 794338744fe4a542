"""What ``Document.assets`` may be: photo bytes by asset name, held in memory or read when asked.

A document built in code holds its photos in a plain ``dict``. A document
opened from a project file holds an ``editor.io.lazy_assets.ProjectPhotos``,
which reads a photo's bytes from the file only when something asks for them
(200 phone photos are 800 MB). Both are ``MutableMapping[str, bytes]``, so
everything that reads ``doc.assets[name]`` works with either; what must not
read every photo — counting the photos' bytes against the limits on each
edit — asks ``byte_size``, which a ``SizedPhotos`` answers from what the
project file declares. The model stays free of files: this module only
names the interface.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping


class SizedPhotos(MutableMapping[str, bytes]):
    """Photo bytes by asset name that can tell a photo's size without reading it."""

    def byte_size(self, name: str) -> int:
        """The photo's length in bytes (``KeyError`` if there is none by that name)."""
        return len(self[name])


def byte_size(assets: Mapping[str, bytes], name: str) -> int:
    """The length of photo ``name`` in bytes, read only when the mapping cannot say otherwise."""
    if isinstance(assets, SizedPhotos):
        return assets.byte_size(name)
    return len(assets[name])
