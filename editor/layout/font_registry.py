"""Font registry: which font file draws a family name, regular or bold.

A document names fonts the way a Chinese Word user does (``宋体``, ``微软雅黑``,
``Noto Serif SC``). Layout, screen and PDF need a concrete face: a file and,
for a ``.ttc`` collection, the face index inside it. This module is the single
place that makes that choice, so that screen and PDF never disagree about it.

Order of lookup, cheapest first:

1. the bundled Noto Serif SC / Noto Sans SC in ``FONTS_DIR`` (always there);
2. a small table of well-known Windows Chinese font file names, checked by
   file existence only (no parsing);
3. only when a family is still unknown: a scan of the system and user font
   folders that reads just the ``name`` and ``OS/2`` tables with a tiny sfnt
   reader, cached as JSON keyed by path + size + mtime so the next start does
   not touch the font files again.

A family that cannot be found falls back to a bundled family (serif-like or
sans-like by its name) and the substitution is recorded for a preflight
warning. Nothing here imports Qt or fontTools; the registry must stay cheap to
build because every window and every export creates one.
"""

from __future__ import annotations

import json
import logging
import os
import struct
import sys
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from editor import FONTS_DIR
from editor.errors import FontError
from editor.user_dirs import cache_dir

log = logging.getLogger(__name__)

SERIF_FALLBACK = "Noto Serif SC"
SANS_FALLBACK = "Noto Sans SC"

#: Generic names that mean "any serif/sans": resolved silently, never reported.
GENERIC_FAMILIES: dict[str, str] = {
    "": SERIF_FALLBACK,
    "serif": SERIF_FALLBACK,
    "sans": SANS_FALLBACK,
    "sans-serif": SANS_FALLBACK,
    "sans serif": SANS_FALLBACK,
}

#: Substrings of a family name that make it sans-like for the fallback choice.
#: Everything else (宋体, 仿宋, 楷体, unknown names) falls back to the serif.
SANS_HINTS: tuple[str, ...] = (
    "黑", "雅黑", "等线", "圆", "苹方",
    "hei", "yahei", "dengxian", "sans", "gothic", "yuan", "pingfang",
    "arial", "helvetica", "verdana", "tahoma", "segoe",
)

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
SCAN_CACHE_NAME = "font-scan-v1.json"
_SCAN_CACHE_VERSION = 1

# Windows language IDs of the name table, in display preference order.
_LANG_ZH_CN = 0x0804
_LANG_EN_US = 0x0409
_CHINESE_LANGS = (0x0804, 0x1004, 0x0404, 0x0C04, 0x1404)
_UNICODE_PLATFORM_KEY = 0x10000


@dataclass(frozen=True)
class FaceRef:
    """One face: a font file and the face index inside it (0 unless a .ttc)."""

    path: str
    index: int = 0


@dataclass(frozen=True)
class ResolvedFace:
    """The answer to "which face draws family X (bold or not)"."""

    requested: str
    bold: bool
    face: FaceRef
    family: str
    #: The requested family is not installed; ``family`` is a bundled stand-in.
    substituted: bool
    #: Bold was asked for but the family has no bold face; ``face`` is the
    #: regular one and a renderer may embolden it (or warn).
    synthetic_bold_needed: bool


@dataclass(frozen=True)
class Substitution:
    """A requested family that is not installed and what was used instead."""

    requested: str
    used: str

    @property
    def message(self) -> str:
        """The preflight warning shown to the user."""
        return f"字体“{self.requested}”未安装，已用 {self.used} 代替"


@dataclass(frozen=True)
class FaceInfo:
    """What the registry needs to know about one face, read from name/OS/2.

    ``family_groups`` holds one dict (language ID -> name) per family the face
    belongs to: the legacy family (name ID 1) and, if present, the typographic
    family (name ID 16), which are different families for e.g. a Light weight.
    """

    index: int
    family_groups: tuple[dict[int, str], ...]
    weight: int
    italic: bool
    chinese: bool
    cff: bool

    def to_json(self) -> dict:
        """A JSON-safe dict for the scan cache (JSON keys must be strings)."""
        return {
            "index": self.index,
            "families": [{str(k): v for k, v in g.items()} for g in self.family_groups],
            "weight": self.weight,
            "italic": self.italic,
            "chinese": self.chinese,
            "cff": self.cff,
        }

    @classmethod
    def from_json(cls, data: dict) -> FaceInfo:
        """Inverse of :meth:`to_json`."""
        return cls(
            index=int(data["index"]),
            family_groups=tuple(
                {int(k): str(v) for k, v in g.items()} for g in data["families"]
            ),
            weight=int(data["weight"]),
            italic=bool(data["italic"]),
            chinese=bool(data["chinese"]),
            cff=bool(data["cff"]),
        )


@dataclass(frozen=True)
class KnownFont:
    """A well-known Windows font file, trusted without parsing it."""

    file_name: str
    index: int
    names: dict[int, str]
    weight: int = 400


def _names(zh: str, en: str) -> dict[int, str]:
    return {_LANG_ZH_CN: zh, _LANG_EN_US: en}


#: Windows (and Office) Chinese fonts. Face order inside the .ttc files is
#: fixed by Microsoft: simsun.ttc = SimSun, NSimSun; msyh*.ttc = YaHei, YaHei UI.
KNOWN_WINDOWS_FONTS: tuple[KnownFont, ...] = (
    KnownFont("simsun.ttc", 0, _names("宋体", "SimSun")),
    KnownFont("simsun.ttc", 1, _names("新宋体", "NSimSun")),
    KnownFont("simhei.ttf", 0, _names("黑体", "SimHei")),
    KnownFont("simkai.ttf", 0, _names("楷体", "KaiTi")),
    KnownFont("simfang.ttf", 0, _names("仿宋", "FangSong")),
    KnownFont("msyh.ttc", 0, _names("微软雅黑", "Microsoft YaHei")),
    KnownFont("msyhbd.ttc", 0, _names("微软雅黑", "Microsoft YaHei"), 700),
    KnownFont("msyh.ttc", 1, _names("Microsoft YaHei UI", "Microsoft YaHei UI")),
    KnownFont("msyhbd.ttc", 1, _names("Microsoft YaHei UI", "Microsoft YaHei UI"), 700),
    KnownFont("deng.ttf", 0, _names("等线", "DengXian")),
    KnownFont("dengb.ttf", 0, _names("等线", "DengXian"), 700),
    KnownFont("simli.ttf", 0, _names("隶书", "LiSu")),
    KnownFont("simyou.ttf", 0, _names("幼圆", "YouYuan")),
    KnownFont("stsong.ttf", 0, _names("华文宋体", "STSong")),
    KnownFont("stzhongs.ttf", 0, _names("华文中宋", "STZhongsong")),
    KnownFont("stkaiti.ttf", 0, _names("华文楷体", "STKaiti")),
    KnownFont("stfangso.ttf", 0, _names("华文仿宋", "STFangsong")),
    KnownFont("stxihei.ttf", 0, _names("华文细黑", "STXihei")),
)


# --------------------------------------------------------------------------
# Folders


def default_font_dirs() -> list[Path]:
    """System and user font folders of the running platform, existing or not."""
    home = Path.home()
    if sys.platform == "win32":
        windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot") or r"C:\Windows"
        dirs = [Path(windir) / "Fonts"]
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        return dirs
    if sys.platform == "darwin":
        return [Path("/Library/Fonts"), Path("/System/Library/Fonts"), home / "Library" / "Fonts"]
    return [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".local" / "share" / "fonts",
        home / ".fonts",
    ]


def default_cache_dir() -> Path:
    """The per-user cache folder of Banmian (scan cache, converted fonts)."""
    return cache_dir()


def _font_files(folder: Path) -> Iterable[Path]:
    """Font files under ``folder``, recursively, in a stable order."""
    for root, dirs, files in os.walk(folder, onerror=lambda e: log.debug("skip %s", e)):
        dirs.sort()
        for name in sorted(files):
            if name.lower().endswith(FONT_SUFFIXES):
                yield Path(root) / name


# --------------------------------------------------------------------------
# A minimal sfnt reader: table directory, name and OS/2 only.
# fontTools would load the same in ~30 ms per file plus its import; this reads
# a few kilobytes and keeps the registry free of fontTools.


def read_faces(path: str) -> list[FaceInfo]:
    """Read every face of a .ttf/.otf/.ttc; raises OSError/ValueError if broken."""
    with open(path, "rb") as f:
        tag = f.read(4)
        if tag == b"ttcf":
            _version, count = struct.unpack(">II", _read_exact(f, 8))
            offsets = struct.unpack(f">{count}I", _read_exact(f, 4 * count))
        else:
            offsets = (0,)
        return [_read_face(f, offset, i) for i, offset in enumerate(offsets)]


def sfnt_has_cff(path: str, index: int) -> bool:
    """True if the face has PostScript (CFF/CFF2) outlines instead of glyf."""
    with open(path, "rb") as f:
        sfnt_version, tables = _table_directory(f, _face_offset(f, index))
    return sfnt_version == b"OTTO" or "CFF " in tables or "CFF2" in tables


def _read_exact(f: BinaryIO, size: int) -> bytes:
    data = f.read(size)
    if len(data) != size:
        raise ValueError("truncated font file")
    return data


def _face_offset(f: BinaryIO, index: int) -> int:
    f.seek(0)
    if f.read(4) != b"ttcf":
        if index != 0:
            raise ValueError(f"face index {index} in a single-face font")
        return 0
    _version, count = struct.unpack(">II", _read_exact(f, 8))
    if not 0 <= index < count:
        raise ValueError(f"face index {index} out of range 0..{count - 1}")
    f.seek(12 + 4 * index)
    return struct.unpack(">I", _read_exact(f, 4))[0]


def _table_directory(f: BinaryIO, offset: int) -> tuple[bytes, dict[str, tuple[int, int]]]:
    f.seek(offset)
    sfnt_version, num_tables = struct.unpack(">4sH", _read_exact(f, 6))
    if sfnt_version not in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
        raise ValueError(f"not an sfnt font: {sfnt_version!r}")
    _read_exact(f, 6)
    tables = {}
    for _ in range(num_tables):
        tag, _checksum, t_offset, length = struct.unpack(">4sIII", _read_exact(f, 16))
        tables[tag.decode("latin-1")] = (t_offset, length)
    return sfnt_version, tables


def _read_table(f: BinaryIO, tables: dict[str, tuple[int, int]], tag: str) -> bytes | None:
    if tag not in tables:
        return None
    offset, length = tables[tag]
    f.seek(offset)
    return _read_exact(f, length)


def _read_face(f: BinaryIO, offset: int, index: int) -> FaceInfo:
    sfnt_version, tables = _table_directory(f, offset)
    names = _parse_name_table(_read_table(f, tables, "name") or b"")
    os2 = _read_table(f, tables, "OS/2")
    subfamily = (names.get(17) or names.get(2) or {}).get(_LANG_EN_US, "").lower()
    if os2 is not None and len(os2) >= 64:
        weight, = struct.unpack(">H", os2[4:6])
        fs_selection, = struct.unpack(">H", os2[62:64])
        unicode_range2, = struct.unpack(">I", os2[46:50])
        code_pages = struct.unpack(">I", os2[78:82])[0] if len(os2) >= 82 else 0
        weight = weight * 100 if 0 < weight < 10 else weight
        if fs_selection & 0x20:
            weight = max(weight, 700)
        italic = bool(fs_selection & 0x01)
        # Code pages 936 (GB2312) / 950 (Big5); without them, CJK Ideographs range.
        chinese = bool(code_pages & ((1 << 18) | (1 << 20))) or (
            code_pages == 0 and bool(unicode_range2 & (1 << 27))
        )
    else:
        weight = 700 if "bold" in subfamily else 400
        italic = False
        chinese = False
    italic = italic or "italic" in subfamily or "oblique" in subfamily
    groups = tuple(g for g in (names.get(1), names.get(16)) if g)
    chinese = chinese or any(lang in g for g in groups for lang in _CHINESE_LANGS)
    return FaceInfo(
        index=index,
        family_groups=groups,
        weight=weight or 400,
        italic=italic,
        chinese=chinese,
        cff=sfnt_version == b"OTTO" or "CFF " in tables or "CFF2" in tables,
    )


def _parse_name_table(data: bytes) -> dict[int, dict[int, str]]:
    """Name IDs 1, 2, 16, 17 as {name_id: {windows_language_id: text}}."""
    out: dict[int, dict[int, str]] = {}
    if len(data) < 6:
        return out
    _fmt, count, string_offset = struct.unpack(">HHH", data[:6])
    for i in range(count):
        record = data[6 + 12 * i: 18 + 12 * i]
        if len(record) < 12:
            break
        platform, encoding, lang, name_id, length, offset = struct.unpack(">6H", record)
        if name_id not in (1, 2, 16, 17):
            continue
        raw = data[string_offset + offset: string_offset + offset + length]
        text, lang_key = _decode_name(platform, encoding, lang, raw)
        if text.strip():
            group = out.setdefault(name_id, {})
            if platform == 3:  # Windows records are authoritative
                group[lang_key] = text.strip()
            else:
                group.setdefault(lang_key, text.strip())
    return out


def _decode_name(platform: int, encoding: int, lang: int, raw: bytes) -> tuple[str, int]:
    """Decode one name record to (text, language key).

    Windows records keep their language ID; Mac Roman/Chinese records are keyed
    as en-US/zh-CN (Windows records of the same language win); Unicode-platform
    records get a key outside the Windows range, so they are aliases that are
    never preferred for display.
    """
    try:
        if platform == 3 and encoding == 3:  # old PRC fonts: GBK in 16-bit units
            return raw.replace(b"\x00", b"").decode("gbk"), lang
        if platform == 3:
            return raw.decode("utf-16-be"), lang
        if platform == 0:  # language lives in an 'ltag' table: keep as alias only
            return raw.decode("utf-16-be"), _UNICODE_PLATFORM_KEY | lang
        if platform == 1 and encoding == 0 and lang == 0:
            return raw.decode("mac_roman"), _LANG_EN_US
        if platform == 1 and encoding == 25:
            return raw.decode("gb2312"), _LANG_ZH_CN
    except UnicodeDecodeError:
        pass
    return "", lang


# --------------------------------------------------------------------------
# Scan cache


class ScanCache:
    """``{path: (size, mtime_ns, faces)}`` persisted as JSON in the cache folder.

    Unreadable fonts are cached with no faces, so a broken file is not parsed
    again on every start either.
    """

    def __init__(self, cache_dir: Path) -> None:
        self.path = cache_dir / SCAN_CACHE_NAME
        self._entries: dict[str, dict] = {}
        self._dirty = False
        self._load()

    def faces(self, path: Path) -> list[FaceInfo]:
        """Faces of ``path`` from the cache, or parsed now if new or changed."""
        key = str(path)
        try:
            st = path.stat()
        except OSError:
            return []
        entry = self._entries.get(key)
        if entry and entry["size"] == st.st_size and entry["mtime_ns"] == st.st_mtime_ns:
            try:
                return [FaceInfo.from_json(d) for d in entry["faces"]]
            except (KeyError, TypeError, ValueError):
                pass  # damaged entry: parse again
        try:
            faces = read_faces(key)
        except (OSError, ValueError, struct.error) as exc:
            log.info("font %s unreadable: %s", key, exc)
            faces = []
        self._entries[key] = {
            "size": st.st_size,
            "mtime_ns": st.st_mtime_ns,
            "faces": [f.to_json() for f in faces],
        }
        self._dirty = True
        return faces

    def keep_only(self, paths: set[str]) -> None:
        """Forget fonts that were removed from disk since the last scan."""
        stale = [p for p in self._entries if p not in paths]
        for p in stale:
            del self._entries[p]
        self._dirty = self._dirty or bool(stale)

    def save(self) -> None:
        """Write the cache if it changed; a failed write only costs speed."""
        if not self._dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            payload = {"version": _SCAN_CACHE_VERSION, "files": self._entries}
            tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self.path)
            self._dirty = False
        except OSError as exc:
            log.warning("cannot write font cache %s: %s", self.path, exc)

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("version") == _SCAN_CACHE_VERSION:
            files = data.get("files")
            if isinstance(files, dict):
                self._entries = files


# --------------------------------------------------------------------------
# Families


@dataclass
class _Face:
    ref: FaceRef
    weight: int
    italic: bool


@dataclass
class _Family:
    """All faces registered under one family, first registered first."""

    names: dict[int, str]
    chinese: bool
    faces: list[_Face] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        """Chinese name if the font has one (as Chinese Word shows it), else English."""
        for lang in (*_CHINESE_LANGS, _LANG_EN_US):
            if lang in self.names:
                return self.names[lang]
        return next(iter(self.names.values()))

    def add(self, face: _Face) -> None:
        if all(f.ref != face.ref for f in self.faces):
            self.faces.append(face)

    def regular(self) -> _Face:
        """Upright face nearest weight 400 (500 wins a tie with 300, as in CSS)."""
        upright = [f for f in self.faces if not f.italic] or self.faces
        return min(upright, key=lambda f: (abs(f.weight - 400), f.weight < 400))

    def bold(self) -> _Face | None:
        """Upright face nearest 700 that is heavier than the regular, if any."""
        regular = self.regular()
        upright = [f for f in self.faces if not f.italic] or self.faces
        heavy = [f for f in upright if f.weight >= 600 and f.weight > regular.weight]
        if not heavy:
            return None
        return min(heavy, key=lambda f: (abs(f.weight - 700), f.weight < 700))


def _key(name: str) -> str:
    """Case-insensitive, whitespace-tolerant lookup key of a family name."""
    return " ".join(name.split()).casefold()


def fallback_family(requested: str) -> str:
    """The bundled family that stands in for a missing ``requested`` family."""
    key = _key(requested)
    if key in GENERIC_FAMILIES:
        return GENERIC_FAMILIES[key]
    return SANS_FALLBACK if any(h in key for h in SANS_HINTS) else SERIF_FALLBACK


class FontRegistry:
    """Maps a family name + bold flag to a face; see the module docstring."""

    def __init__(
        self,
        *,
        bundled_dir: Path = FONTS_DIR,
        font_dirs: Sequence[Path] | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        dirs = default_font_dirs() if font_dirs is None else font_dirs
        self._font_dirs = [Path(d) for d in dirs]
        self._cache = ScanCache(Path(cache_dir) if cache_dir is not None else default_cache_dir())
        self._families: list[_Family] = []
        self._by_key: dict[str, _Family] = {}
        self._substitutions: dict[str, Substitution] = {}
        self._resolved: dict[tuple[str, bool], ResolvedFace] = {}
        self._cff: dict[FaceRef, bool] = {}
        self._scanned = False
        self._lock = threading.RLock()
        self._bundled_paths = sorted(Path(bundled_dir).glob("*"), key=lambda p: p.name)
        for path in self._bundled_paths:
            if path.suffix.lower() in FONT_SUFFIXES:
                self._add_file(path)
        self._cache.save()
        self._add_known_windows_fonts()

    # -- public -----------------------------------------------------------

    def resolve(self, family: str, bold: bool = False) -> ResolvedFace:
        """The face that draws ``family``; falls back to a bundled family."""
        with self._lock:
            memo = self._resolved.get((_key(family), bold))
            if memo is not None:
                return memo
            found = self._find(family)
            substituted = False
            if found is None:
                found = self._bundled(fallback_family(family))
                substituted = _key(family) not in GENERIC_FAMILIES
                if substituted:
                    self._substitutions.setdefault(
                        _key(family), Substitution(family, found.display_name)
                    )
            face = found.bold() if bold else None
            result = ResolvedFace(
                requested=family,
                bold=bold,
                face=(face or found.regular()).ref,
                family=found.display_name,
                substituted=substituted,
                synthetic_bold_needed=bold and face is None,
            )
            self._resolved[(_key(family), bold)] = result
            return result

    def resolve_face(self, family: str, bold: bool) -> FaceRef:
        """Just the face of :meth:`resolve` (the layout's ``FaceResolver`` protocol)."""
        return self.resolve(family, bold).face

    def fallback_faces(self, family: str, bold: bool) -> list[FaceRef]:
        """Bundled faces to try for characters ``family`` lacks, likeliest first.

        The bundled family of the same style (serif/sans) comes first, the
        other one second; both cover GB 2312 and more.
        """
        first = fallback_family(family)
        second = SANS_FALLBACK if first == SERIF_FALLBACK else SERIF_FALLBACK
        return [self.resolve(name, bold).face for name in (first, second)]

    def substitutions(self) -> list[Substitution]:
        """Families resolved so far that were missing, in first-asked order."""
        with self._lock:
            return list(self._substitutions.values())

    def available_families(self) -> list[str]:
        """Families for the UI font list: Chinese-capable ones first, then by name.

        Scans the font folders (once; cached) because the list must be complete.
        """
        with self._lock:
            self._scan()
            return [
                f.display_name
                for f in sorted(
                    self._families, key=lambda f: (not f.chinese, f.display_name.casefold())
                )
            ]

    def has_family(self, family: str) -> bool:
        """True if ``family`` is installed (no fallback needed)."""
        with self._lock:
            return self._find(family) is not None

    def needs_truetype_conversion(self, face: FaceRef) -> bool:
        """True for CFF-outline faces: usable on screen, but ReportLab rejects them."""
        with self._lock:
            if face not in self._cff:
                try:
                    self._cff[face] = sfnt_has_cff(face.path, face.index)
                except (OSError, ValueError, struct.error) as exc:
                    raise FontError(f"无法读取字体文件“{face.path}”：{exc}") from exc
            return self._cff[face]

    # -- internals --------------------------------------------------------

    def _bundled(self, name: str) -> _Family:
        family = self._by_key.get(_key(name))
        if family is None:
            raise FontError(f"找不到内置字体 {name}，请重新安装版面。")
        return family

    def _find(self, family: str) -> _Family | None:
        key = _key(family)
        if key in GENERIC_FAMILIES:
            return None
        if key not in self._by_key:
            self._scan()
        return self._by_key.get(key)

    def _register(self, names: dict[int, str], chinese: bool, face: _Face) -> None:
        """Add ``face`` to the family called ``names``; the first owner of a name wins."""
        keys = [_key(n) for n in names.values()]
        family = next((self._by_key[k] for k in keys if k in self._by_key), None)
        if family is None:
            family = _Family(names=dict(names), chinese=chinese)
            self._families.append(family)
        else:
            for lang, name in names.items():
                family.names.setdefault(lang, name)
            family.chinese = family.chinese or chinese
        for k in keys:
            self._by_key.setdefault(k, family)
        family.add(face)

    def _add_file(self, path: Path) -> None:
        for info in self._cache.faces(path):
            ref = FaceRef(str(path), info.index)
            self._cff[ref] = info.cff
            for names in info.family_groups:
                self._register(names, info.chinese, _Face(ref, info.weight, info.italic))

    def _add_known_windows_fonts(self) -> None:
        """Register well-known Windows fonts that exist, by file name only."""
        for folder in self._font_dirs:
            try:
                listing = {p.name.lower(): p for p in folder.iterdir()}
            except OSError:
                continue
            for known in KNOWN_WINDOWS_FONTS:
                path = listing.get(known.file_name)
                if path is not None:
                    ref = FaceRef(str(path), known.index)
                    self._register(known.names, True, _Face(ref, known.weight, False))

    def _scan(self) -> None:
        """Read every font in the font folders once (cached on disk)."""
        if self._scanned:
            return
        self._scanned = True
        seen = {str(p) for p in self._bundled_paths}
        for folder in self._font_dirs:
            if not folder.is_dir():
                continue
            for path in _font_files(folder):
                if str(path) not in seen:
                    seen.add(str(path))
                    self._add_file(path)
        self._cache.keep_only(seen)
        self._cache.save()
        self._resolved.clear()
