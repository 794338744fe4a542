"""The 64-page, 200-photo issue every bench of issue #12 measures, built once and kept on disk.

Run: ``python -m bench.big_issue`` prints the path of the issue (building it first if it is not
in the cache yet); ``--rebuild`` builds it again. Benches import ``big_issue_path()``.

What it holds: the sample issue's pages (articles, masthead, photo frames) repeated by
``edits.duplicate_page`` (stories copied, as the editor's 复制页面 does) until there are 64,
and 200 photos in it: each of the sample's photo frames on those pages gets a photo of its
own, and each page gets further 50 × 40 mm photos with text wrap in its lower corners until
there are 200. The photos are generated (``phone_photo``): 4032 × 3024 JPEGs, the size of a
12 MP phone camera's, of smooth gradients, blotches a few dozen pixels wide and fine grain, so
that each weighs what a phone photo weighs (3.7–3.8 MB at quality 88) and decodes like one; their
EXIF orientation cycles through the values phones write (1, 6, 8, 3 and none) and the mirrored
ones (2, 4, 5, 7), so every path that turns a photo upright is taken.

The issue is a ``.banmian`` zip of about 750 MB in the user cache folder (``banmian/bench``,
outside the checkout), named by a key of this builder's version, the sample's bytes, the pages
and the photos: a changed sample or builder makes a new one and the stale ones are removed.
It is written to a temporary file and renamed, so an interrupted build leaves nothing that
looks finished. Building takes about a minute of CPU (most of it making the photos).
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PAGES = 64
PHOTOS = 200
PHOTO_SIZE_PX = (4032, 3024)
#: EXIF orientations given to the photos in turn; None writes no orientation tag.
ORIENTATIONS = (1, 6, None, 8, 1, 3, 6, 2, 1, 5, 6, 4, None, 7)
#: The added photos: their size, and how far they stand from the page's margins.
EXTRA_PHOTO_MM = (50.0, 40.0)
#: Bump when what is built changes, so caches of the old issue are not used.
BUILD_VERSION = 1
_MB = 1024 * 1024


# ---------------------------------------------------------------- photos


@functools.lru_cache(maxsize=3)
def _grain(size_px: tuple[int, int], sigma: int):
    """Fine noise for one channel, shared by all photos (making it is most of a photo's cost)."""
    from PIL import Image

    return Image.effect_noise(size_px, sigma)


def phone_photo(seed: int, size_px: tuple[int, int] = PHOTO_SIZE_PX, orientation: int | None = None) -> bytes:
    """A JPEG that weighs and decodes like a phone photo: gradients, blotches a few dozen pixels wide, grain."""
    from PIL import Image, ImageChops

    width, height = size_px
    gradient = Image.linear_gradient("L").resize(size_px, Image.Resampling.BILINEAR)
    radial = Image.radial_gradient("L").resize(size_px, Image.Resampling.BILINEAR)
    channels = []
    for index, base in enumerate((gradient, gradient.transpose(Image.Transpose.ROTATE_180), radial)):
        blotches = Image.effect_noise((width // 40, height // 40), 50 + (seed * 7 + index) % 20)
        blotches = blotches.resize(size_px, Image.Resampling.BICUBIC)
        grain = _grain(size_px, 10 + index)
        channels.append(ImageChops.add(ImageChops.add(base, blotches, 2.0, 0), grain, 1.0, -128))
    exif = Image.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    buffer = io.BytesIO()
    Image.merge("RGB", channels).save(buffer, "JPEG", quality=88, exif=exif.tobytes())
    return buffer.getvalue()


def orientation_of(index: int) -> int | None:
    """The EXIF orientation the ``index``-th generated photo carries."""
    return ORIENTATIONS[index % len(ORIENTATIONS)]


# ---------------------------------------------------------------- the document


def _repeat_pages(doc, pages: int) -> None:
    """Duplicate the sample's pages in turn (each copy after the last) until there are ``pages``."""
    from editor.model import edits

    originals = list(doc.pages)
    copies = 0
    while len(doc.pages) < pages:
        source = originals[copies % len(originals)]
        for change in edits.duplicate_page(doc, doc.pages.index(source)):
            change.apply(True)
        moved = doc.pages.pop(doc.pages.index(source) + 1)  # the copy, moved to the end
        doc.pages.append(moved)
        copies += 1


def _add_corner_photos(doc, wanted: int) -> None:
    """Add 50 × 40 mm photo frames with text wrap in the lower corners of pages until ``wanted`` exist."""
    from editor.model import ImageFrame
    from editor.model.frames import TextWrap
    from editor.model.units import mm_to_pt

    def count() -> int:
        return sum(isinstance(frame, ImageFrame) for page in doc.pages for frame in page.frames)

    width, height = (mm_to_pt(size) for size in EXTRA_PHOTO_MM)
    margins = doc.margins
    corners = (margins.left_pt, doc.page_width_pt - margins.right_pt - width)
    y_pt = doc.page_height_pt - margins.bottom_pt - height
    for corner, x_pt in enumerate(corners):
        for page in doc.pages:
            if count() >= wanted:
                return
            page.frames.append(ImageFrame(
                id=f"{page.id}-corner-{corner}", x_pt=x_pt, y_pt=y_pt, width_pt=width, height_pt=height,
                wrap=TextWrap(mode="around", gap_pt=8.5)))


def _give_photos(doc, photos: int) -> dict[str, bytes]:
    """A generated photo for each photo frame in page order; the photos by asset name."""
    from editor.io.project import asset_name
    from editor.model import ImageFrame

    assets: dict[str, bytes] = {}
    frames = [frame for page in doc.pages for frame in page.frames if isinstance(frame, ImageFrame)]
    for index, frame in enumerate(frames[:photos]):
        data = phone_photo(index, orientation=orientation_of(index))
        frame.asset = asset_name(data, ".jpg")
        frame.source_name = f"IMG_{20260101 + index}.jpg"
        assets[frame.asset] = data
    return assets


def build_big_issue(path: Path, pages: int = PAGES, photos: int = PHOTOS) -> None:
    """Write the issue of ``pages`` pages and ``photos`` photos to ``path`` (atomically)."""
    from editor import SAMPLE_PROJECT
    from editor.io.project import load_project, save_project

    doc = load_project(SAMPLE_PROJECT)
    _repeat_pages(doc, pages)
    _add_corner_photos(doc, photos)
    kept = {name: doc.assets[name] for name in doc.assets}  # the sample's photos (a master may use one)
    doc.assets = {**kept, **_give_photos(doc, photos)}
    path.parent.mkdir(parents=True, exist_ok=True)
    save_project(doc, path)


# ---------------------------------------------------------------- the cache


def cache_folder() -> Path:
    """Where built issues are kept: the user cache folder, outside the checkout."""
    from editor.user_dirs import cache_dir

    return cache_dir() / "bench"


def _cache_key(pages: int, photos: int) -> str:
    from editor import SAMPLE_PROJECT

    digest = hashlib.sha256(f"{BUILD_VERSION}/{pages}/{photos}/".encode())
    digest.update(_sample_fingerprint(Path(SAMPLE_PROJECT)))
    return digest.hexdigest()[:16]


def _sample_fingerprint(sample: Path) -> bytes:
    """The sample's bytes (a zip), or every file of it (a folder project)."""
    if sample.is_file():
        return sample.read_bytes()
    digest = hashlib.sha256()
    for file in sorted(p for p in sample.rglob("*") if p.is_file()):
        digest.update(str(file.relative_to(sample)).encode() + b"\0" + file.read_bytes())
    return digest.digest()


def big_issue_path(pages: int = PAGES, photos: int = PHOTOS, rebuild: bool = False, quiet: bool = False) -> Path:
    """The cached issue of ``pages`` pages and ``photos`` photos, built first if it is missing."""
    folder = cache_folder()
    path = folder / f"big-issue-{pages}p-{photos}photos-{_cache_key(pages, photos)}.banmian"
    if path.is_file() and not rebuild:
        return path
    for stale in folder.glob(f"big-issue-{pages}p-{photos}photos-*.banmian"):
        stale.unlink()
    if not quiet:
        print(f"building the {pages}-page, {photos}-photo issue in {folder} (once; about a minute) …",
              file=sys.stderr, flush=True)
    started = time.perf_counter()
    build_big_issue(path, pages, photos)
    if not quiet:
        print(f"  built in {time.perf_counter() - started:.0f} s: {path.stat().st_size / _MB:.0f} MB",
              file=sys.stderr, flush=True)
    return path


def project_argument(value: str) -> Path:
    """A bench's project argument: a path, or ``big`` / ``sample`` for the two standard ones."""
    from editor import SAMPLE_PROJECT

    if value == "big":
        return big_issue_path()
    if value == "sample":
        return Path(SAMPLE_PROJECT)
    return Path(value)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="build the issue again even if it is cached")
    print(big_issue_path(rebuild=parser.parse_args().rebuild))
