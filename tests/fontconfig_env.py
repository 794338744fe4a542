"""LibreOffice for the DOCX tests: isolated, with the bundled fonts registered.

LibreOffice silently substitutes a font it cannot find, so a DOCX naming
"Noto Serif SC" would be measured in some other face unless fontconfig knows
the bundled ``fonts/`` folder. :func:`fonts_conf` writes a ``fonts.conf`` that
includes the system configuration and adds that folder; :func:`convert_to_pdf`
runs ``soffice --headless --convert-to pdf`` with ``FONTCONFIG_FILE`` pointing
at it and ``HOME`` in a scratch folder, so the user's LibreOffice profile is
neither used nor touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from editor import FONTS_DIR

#: Seconds one conversion may take before the test gives up (it takes about 2 s).
CONVERT_TIMEOUT_S = 180


def soffice() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def fonts_conf(folder: Path, font_dirs: list[Path] | None = None) -> Path:
    """A fontconfig file: the system configuration plus ``font_dirs`` (default: the bundled fonts)."""
    folder.mkdir(parents=True, exist_ok=True)
    dirs = font_dirs if font_dirs is not None else [FONTS_DIR]
    cache = folder / "fontconfig-cache"
    lines = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
        "<fontconfig>",
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
        *(f"  <dir>{d.resolve()}</dir>" for d in dirs),
        f"  <cachedir>{cache}</cachedir>",
        "</fontconfig>",
    ]
    path = folder / "fonts.conf"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def libreoffice_env(folder: Path, font_dirs: list[Path] | None = None) -> dict[str, str]:
    """Environment for soffice: private HOME/profile and our fontconfig."""
    home = folder / "home"
    home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env["HOME"] = str(home)
    env["FONTCONFIG_FILE"] = str(fonts_conf(folder, font_dirs))
    env.pop("FONTCONFIG_PATH", None)
    env.setdefault("SAL_USE_VCLPLUGIN", "svp")
    return env


def convert_all(docx_paths: list[Path], out_dir: Path, env: dict[str, str]) -> list[Path]:
    """Convert several files in one LibreOffice run (it starts once: about 2 s saved per file).

    Raises ``RuntimeError`` with LibreOffice's output when it fails or a PDF is missing.
    """
    executable = soffice()
    if executable is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    out_dir.mkdir(parents=True, exist_ok=True)
    pdfs = [out_dir / (path.stem + ".pdf") for path in docx_paths]
    for pdf in pdfs:
        pdf.unlink(missing_ok=True)
    profile = Path(env["HOME"]) / "lo-profile"
    result = subprocess.run(
        [executable, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, docx_paths)],
        env=env, capture_output=True, text=True, timeout=CONVERT_TIMEOUT_S * len(docx_paths),
    )
    if result.returncode != 0 or not all(pdf.exists() for pdf in pdfs):
        raise RuntimeError(f"soffice failed ({result.returncode}): {result.stdout}{result.stderr}")
    return pdfs


def convert_to_pdf(docx_path: Path, out_dir: Path, env: dict[str, str]) -> Path:
    """Convert one file with LibreOffice (see :func:`convert_all`)."""
    return convert_all([docx_path], out_dir, env)[0]
