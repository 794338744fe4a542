"""Mutations of the containers for the fuzz test: zips, folder projects and photos.

Zip bombs (members expanding to 200 MiB from 200 KB), headers whose sizes,
checksums or names lie, NUL bytes and bad UTF-8 in member names, duplicate
members, truncation and flipped bits; in folder projects, links out of the
folder, in a loop or to ``/dev/zero``, and FIFOs or folders where files
belong; photos that are truncated, claim 14000×14000 pixels, or are EPS,
PDF or SVG files named ``.jpg``. Listed in ``tests/project_mutations.py``.
"""

from __future__ import annotations

import copy
import os
import random
from pathlib import Path

from editor.io.project import asset_name
from tests import hostile_bytes as hb
from tests.mutation_base import (
    DOCUMENT,
    BaseProject,
    Mutated,
    encode_json,
    minimal_frame,
    write_folder,
    write_project,
    write_zip,
)

# ---------------------------------------------------------------- zips


def _base_members(base: BaseProject) -> list[hb.RawMember]:
    """The base project's two members, honest, ready to be lied about."""
    return [hb.member(DOCUMENT, encode_json(base.tree), deflate=True), hb.member(f"assets/{base.photo_name}", base.photo)]


def _zip_case(folder: Path, data: bytes, variant: str, description: str) -> Mutated:
    path = folder / "project.banmian"
    path.write_bytes(data)
    return Mutated(path, variant, f"zip ({len(data):,} bytes): {description}")


def _with_photos(base: BaseProject, names: list[str]) -> bytes:
    """document.json listing ``names`` as photos, each in an image frame on page 2."""
    tree = copy.deepcopy(base.tree)
    doc = tree["document"]
    doc["assets"] = sorted(set(doc["assets"]) | set(names))
    doc["pages"][1]["frames"] += [minimal_frame("image", f"z{i}", name) for i, name in enumerate(names)]
    return encode_json(tree)


def make_zip_bomb(rng: random.Random, base: BaseProject, folder: Path) -> Mutated:
    variant = rng.choice(("photo", "photos-5", "photos-6", "document", "document-spaces", "unlisted-photo",
                          "zeros-photo"))
    size = f"{hb.BOMB_MIB} MiB"
    if variant == "document":
        members = [hb.bomb_member(DOCUMENT.encode(), b"", hb.BOMB_MIB)]
        description = f"document.json expands to {size}"
    elif variant == "document-spaces":
        spaced = encode_json(base.tree)[:-1] + b" " * (31 * hb.MIB) + b"}"
        members = [hb.member(DOCUMENT, spaced, deflate=True), hb.member(f"assets/{base.photo_name}", base.photo)]
        description = "document.json padded with 31 MiB of spaces"
    elif variant == "unlisted-photo":
        members = _base_members(base) + [hb.bomb_member(f"assets/{'e' * 32}.jpg".encode(), base.photo, hb.BOMB_MIB)]
        description = f"a photo nobody lists expands to {size}"
    else:
        count = {"photos-5": 5, "photos-6": 6}.get(variant, 1)
        names = [base.photo_name] + [f"{i:032x}.jpg" for i in range(1, count)]
        prefix = b"" if variant == "zeros-photo" else base.photo
        members = [hb.member(DOCUMENT, _with_photos(base, names), deflate=True)]
        members += [hb.bomb_member(f"assets/{name}".encode(), prefix, hb.BOMB_MIB) for name in names]
        what = "zeros" if prefix == b"" else "a real JPEG then zeros"
        description = f"{count} placed photo(s), each {what} expanding to {size}"
    return _zip_case(folder, hb.raw_zip(members), variant, description)


def make_zip_lying_size(rng: random.Random, base: BaseProject, folder: Path) -> Mutated:
    members = _base_members(base)
    which = rng.randrange(2)
    if rng.random() < 0.3:
        members[1] = hb.bomb_member(f"assets/{base.photo_name}".encode(), base.photo, hb.BOMB_MIB)
    target = members[which]
    lie = rng.choice(("understated", "overstated", "huge", "local-differs", "compressed-too-big", "bad-crc", "zip64"))
    if lie == "understated":
        target.size = rng.choice((0, 1, 100, max(0, target.size - 10)))
    elif lie == "overstated":
        target.size += rng.choice((1, 10, 1000))
    elif lie == "huge":
        target.size = rng.choice((2**31, 2**32 - 1, 300 * hb.MIB))
    elif lie == "local-differs":
        target.local_size = rng.choice((0, target.size + 1, 2**32 - 1))
    elif lie == "compressed-too-big":
        target.compressed_size = len(target.stored) + rng.choice((1, 10_000, 2**31))
    elif lie == "bad-crc":
        target.crc ^= 1 << rng.randrange(32)
    else:
        target.zip64_size = rng.choice((2**40, 2**62, 2**64 - 1))
    name = target.name.decode()
    return _zip_case(folder, hb.raw_zip(members), f"{lie} {name.split('/')[0]}",
                     f"{name}: {lie} (declares {target.zip64_size or target.size:,} bytes)")


def make_zip_member_names(rng: random.Random, base: BaseProject, folder: Path) -> Mutated:
    members = _base_members(base)
    photo = f"assets/{base.photo_name}".encode()
    variant = rng.choice(("nul-document", "nul-photo", "nul-only", "duplicate-document", "duplicate-photo",
                          "dotdot", "absolute", "backslash", "drive", "long-name", "cp437-name", "bad-utf8",
                          "directory-document", "too-many", "many-unlisted", "local-name-differs"))
    if variant == "nul-document":
        members[0].name = b"document.json\x00.txt"
    elif variant == "nul-photo":
        members[1].name = photo[:-4] + b"\x00" + photo[-4:]
    elif variant == "nul-only":
        members.append(hb.member(b"\x00", b"x"))
    elif variant == "duplicate-document":
        members.append(hb.member(DOCUMENT, rng.choice((b"{}", b"not json", encode_json(base.tree) * 2)), deflate=True))
    elif variant == "duplicate-photo":
        members.append(hb.member(photo, base.photo[: len(base.photo) // 2]))
    elif variant in ("dotdot", "absolute", "backslash", "drive"):
        name = {"dotdot": b"../document.json", "absolute": b"/document.json",
                "backslash": b"assets\\" + photo[7:], "drive": b"C:/document.json"}[variant]
        members.append(hb.member(name, b"x"))
    elif variant == "long-name":
        members.append(hb.member(b"assets/" + b"a" * 65_000 + b".jpg", b"x"))
    elif variant == "cp437-name":
        members[1].name, members[1].flags = photo[:-4] + b"\x81.jpg", 0
    elif variant == "bad-utf8":
        members[1].name = photo[:-4] + b"\xff\xfe.jpg"
    elif variant == "directory-document":
        members.append(hb.member(b"document.json/", b""))
    elif variant in ("too-many", "many-unlisted"):
        count = 10_001 if variant == "too-many" else 9_990
        members += [hb.member(f"assets/{i:032x}.jpg".encode(), b"") for i in range(count)]
    else:
        members[0].local_name = b"document.jsoN"
    shown = repr(members[-1].name[:40]) if variant in ("nul-only", "dotdot", "absolute", "backslash", "drive") else ""
    return _zip_case(folder, hb.raw_zip(members), variant, f"member names: {variant} {shown}".strip())


def make_zip_truncated(rng: random.Random, base: BaseProject, folder: Path) -> Mutated:
    data = hb.raw_zip(_base_members(base))
    variant = rng.choice(("anywhere", "end-record", "no-end-record", "appended", "prepended"))
    if variant == "anywhere":
        cut = rng.randrange(len(data))
        return _zip_case(folder, data[:cut], variant, f"truncated at byte {cut:,} of {len(data):,}")
    if variant == "end-record":
        cut = len(data) - rng.randint(1, 60)
        return _zip_case(folder, data[:cut], variant, f"the last {len(data) - cut} bytes cut off")
    if variant == "no-end-record":
        return _zip_case(folder, data[:-22], variant, "end-of-central-directory record missing")
    junk = rng.randbytes(rng.choice((1, 100, 100_000)))
    if variant == "appended":
        return _zip_case(folder, data + junk, variant, f"{len(junk):,} random bytes appended")
    return _zip_case(folder, junk + data, variant, f"{len(junk):,} random bytes prepended")


def make_zip_byte_flips(rng: random.Random, base: BaseProject, folder: Path) -> Mutated:
    members = _base_members(base)
    data = bytearray(hb.raw_zip(members))
    document_start = 30 + len(DOCUMENT)  # after the first local header
    region = rng.choice(("anywhere", "document-data", "central-directory"))
    span = {"anywhere": (0, len(data)), "document-data": (document_start, document_start + len(members[0].stored)),
            "central-directory": (hb.central_directory_offset(bytes(data)), len(data))}[region]
    flips = rng.randint(1, 20)
    for _ in range(flips):
        data[rng.randrange(*span)] ^= 1 << rng.randrange(8)
    return _zip_case(folder, bytes(data), f"{region}", f"{flips} bit(s) flipped in {region}")


# ---------------------------------------------------------------- folder projects


def _folder_base(base: BaseProject, folder: Path) -> tuple[Path, Path, Path]:
    """A fresh folder project and, beside it, an ``outside`` folder holding a valid document and photo."""
    project = write_folder(folder / "project", encode_json(base.tree), {base.photo_name: base.photo})
    write_folder(folder / "outside", encode_json(base.tree), {base.photo_name: base.photo})
    return project, project / DOCUMENT, project / "assets" / base.photo_name


def _relink(path: Path, target: str | Path) -> None:
    """Replace the file or folder at ``path`` by a symbolic link to ``target``."""
    if path.is_dir() and not path.is_symlink():
        for child in path.iterdir():
            child.unlink()
        path.rmdir()
    elif path.exists() or path.is_symlink():
        path.unlink()
    os.symlink(target, path)


def make_folder_links(rng: random.Random, base: BaseProject, folder: Path) -> Mutated:
    project, document, photo = _folder_base(base, folder)
    variant = rng.choice(("document-outside", "document-loop", "document-loop-pair", "document-dev-zero",
                          "document-dev-urandom", "document-dangling", "document-inside", "photo-outside",
                          "photo-loop", "photo-dev-zero", "photo-dev-urandom", "assets-outside", "assets-parent",
                          "assets-loop", "project-loop", "project-link"))
    if variant == "document-outside":
        _relink(document, Path("..", "outside", DOCUMENT))
    elif variant == "document-loop":
        _relink(document, DOCUMENT)
    elif variant == "document-loop-pair":
        _relink(document, "other.json")
        os.symlink(DOCUMENT, project / "other.json")
    elif variant in ("document-dev-zero", "document-dev-urandom", "photo-dev-zero", "photo-dev-urandom"):
        _relink(document if variant.startswith("document") else photo, "/dev/" + variant.rpartition("-")[2])
    elif variant == "document-dangling":
        _relink(document, "nowhere.json")
    elif variant == "document-inside":
        (project / "real.json").write_bytes(document.read_bytes())
        _relink(document, "real.json")
    elif variant == "photo-outside":
        _relink(photo, Path("..", "..", "outside", "assets", base.photo_name))
    elif variant == "photo-loop":
        _relink(photo, base.photo_name)
    elif variant == "assets-outside":
        _relink(project / "assets", Path("..", "outside", "assets"))
    elif variant == "assets-parent":
        _relink(project / "assets", "..")
    elif variant == "assets-loop":
        _relink(project / "assets", "assets")
    elif variant == "project-loop":
        os.symlink("loop", folder / "loop")
        return Mutated(folder / "loop", variant, "the project path is a link to itself")
    else:
        os.symlink("project", folder / "link")
        return Mutated(folder / "link", variant, "the project path is a link to a good folder project")
    return Mutated(project, variant, f"folder project: {variant.replace('-', ' ')}")


def make_folder_special_files(rng: random.Random, base: BaseProject, folder: Path) -> Mutated:
    project, document, photo = _folder_base(base, folder)
    variant = rng.choice(("document-fifo", "photo-fifo", "document-directory", "photo-directory",
                          "document-unreadable", "photo-unreadable", "assets-is-file", "document-empty",
                          "project-fifo", "project-dev-zero"))
    if variant in ("document-fifo", "photo-fifo"):
        target = document if variant == "document-fifo" else photo
        target.unlink()
        os.mkfifo(target)
    elif variant in ("document-directory", "photo-directory"):
        target = document if variant == "document-directory" else photo
        target.unlink()
        target.mkdir()
    elif variant in ("document-unreadable", "photo-unreadable"):
        (document if variant == "document-unreadable" else photo).chmod(0)
    elif variant == "assets-is-file":
        photo.unlink()
        (project / "assets").rmdir()
        (project / "assets").write_bytes(base.photo)
    elif variant == "document-empty":
        document.write_bytes(b"")
    elif variant == "project-fifo":
        os.mkfifo(folder / "fifo.banmian")
        return Mutated(folder / "fifo.banmian", variant, "the project path is a FIFO")
    else:
        os.symlink("/dev/zero", folder / "zero.banmian")
        return Mutated(folder / "zero.banmian", variant, "the project path is a link to /dev/zero")
    return Mutated(project, variant, f"folder project: {variant.replace('-', ' ')}")


# ---------------------------------------------------------------- photos


def _replace_photo(base: BaseProject, blob: bytes, suffix: str) -> tuple[bytes, dict[str, bytes]]:
    """document.json and photos with the base photo replaced by ``blob`` under its own content name."""
    name = asset_name(blob, suffix)
    tree = copy.deepcopy(base.tree)
    doc = tree["document"]
    doc["assets"] = [name if n == base.photo_name else n for n in doc["assets"]]
    for page in doc["pages"]:
        for frame in page["frames"]:
            if frame.get("asset") == base.photo_name:
                frame["asset"] = name
    return encode_json(tree), {name: blob}


def make_bad_photo(rng: random.Random, base: BaseProject, folder: Path) -> Mutated:
    variant = rng.choice(sorted(hb.PHOTO_SPOILERS))
    blob, suffix = hb.PHOTO_SPOILERS[variant](rng, base.photo)
    document, assets = _replace_photo(base, blob, suffix)
    if len(blob) > hb.MIB:  # big but compressible: only a zip keeps it small on disk
        path, container = write_zip(folder / "project.banmian", document, assets, deflate_assets=True), "zip"
    else:
        path, container = write_project(rng, folder, document, assets)
    return Mutated(path, variant, f"photo {variant} ({len(blob):,} bytes as {suffix}, {container})")
