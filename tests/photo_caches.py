"""Photo caches emptied for one test, and the decodes it makes counted (shared by the photo tests).

Why: whether a photo is decoded again is the point of several tests (a photo checked or
prepared once is remembered in memory and on disk); each needs an empty cache folder, empty
in-process memories and a record of every ``ImageFile.load`` in order.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

import pytest
from PIL import ImageFile

from editor.io import photos, prepared_cache


def fresh_photo_caches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """An empty cache folder under ``tmp_path``, nothing verified or prepared in this process;
    returns the list the format of each decode is appended to."""
    folder = tmp_path / "cache" / "export-photos"
    monkeypatch.setattr(prepared_cache, "cache_folder", lambda: folder)
    monkeypatch.setattr(photos, "_verified", OrderedDict())
    monkeypatch.setattr(photos, "_prepared", OrderedDict())
    decodes: list[str] = []
    real_load = ImageFile.ImageFile.load

    def counted_load(image: ImageFile.ImageFile):
        decodes.append(image.format or "")
        return real_load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counted_load)
    return decodes
