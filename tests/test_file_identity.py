"""The identity of a saved project is hashed a chunk at a time, never holding the file in memory."""

from __future__ import annotations

import hashlib
import os
import tracemalloc
from pathlib import Path

import pytest

from editor.io.file_identity import identify
from editor.io.regular_files import NotRegularFileError, hash_regular_file

_MB = 1024 * 1024


def test_a_large_project_is_identified_by_its_sha256_without_reading_it_whole(tmp_path: Path):
    project = tmp_path / "大的.banmian"
    content = os.urandom(24 * _MB)
    project.write_bytes(content)
    expected = hashlib.sha256(content).hexdigest()
    del content
    tracemalloc.start()
    try:
        identity = identify(project)
        _, peak_bytes = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert identity is not None and identity.sha256 == expected
    assert identity.size == 24 * _MB
    assert peak_bytes < 4 * _MB  # chunks of 1 MB, not the 24 MB file (48 MB when joined)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_hashing_a_fifo_is_refused_without_waiting(tmp_path: Path):
    fifo = tmp_path / "管道.banmian"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFileError):
        hash_regular_file(fifo, _MB, hashlib.sha256())
