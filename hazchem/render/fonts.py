"""Find and register the embedded CJK TrueType font that every label and slip is drawn with."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

from hazchem.domain.errors import HazchemError
from hazchem.render import messages as msg

FONT_ENV = "HAZCHEM_CJK_FONT"
FONT_PACKAGE = "fonts-wqy-microhei"
FONT_NAME = "HazchemCJK"

# Debian paths tried in order when HAZCHEM_CJK_FONT is unset; all are TrueType (TTC index 0).
KNOWN_FONT_PATHS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)


class FontMissing(HazchemError):
    """No CJK TrueType font is installed, so Chinese text cannot be embedded in a PDF."""

    code = "font_missing"


@dataclass(frozen=True)
class CJKFont:
    """The registered font: its reportlab name and the file it came from (PIL loads the same file)."""

    name: str
    path: Path
    index: int


_lock = threading.Lock()
_registered: dict[Path, CJKFont] = {}


def find_font_path() -> Path:
    """Return the CJK font file to use: HAZCHEM_CJK_FONT if set, else the first known Debian path."""
    override = os.environ.get(FONT_ENV)
    if override:
        path = Path(override)
        if not path.is_file():
            raise FontMissing(
                msg.FONT_OVERRIDE_NOT_A_FILE,
                env=FONT_ENV,
                path=override,
                package=FONT_PACKAGE,
                details=[{"env": FONT_ENV, "path": override, "package": FONT_PACKAGE}],
            )
        return path
    for candidate in KNOWN_FONT_PATHS:
        path = Path(candidate)
        if path.is_file():
            return path
    raise FontMissing(
        msg.FONT_NOT_FOUND,
        tried=", ".join(KNOWN_FONT_PATHS),
        package=FONT_PACKAGE,
        env=FONT_ENV,
        details=[{"package": FONT_PACKAGE, "tried": list(KNOWN_FONT_PATHS)}],
    )


def cjk_font() -> CJKFont:
    """Register the CJK font with reportlab once per process per file and return it."""
    path = find_font_path()
    cached = _registered.get(path)
    if cached is not None:
        return cached
    with _lock:
        cached = _registered.get(path)
        if cached is not None:
            return cached
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFError, TTFont

        # A distinct reportlab name per file, so an override in tests never aliases the default.
        name = FONT_NAME if not _registered else f"{FONT_NAME}{len(_registered)}"
        index = 0
        try:
            font = TTFont(name, str(path), subfontIndex=index)
        except TTFError as exc:
            raise FontMissing(
                msg.FONT_NOT_EMBEDDABLE,
                path=str(path),
                error=str(exc),
                package=FONT_PACKAGE,
                details=[{"path": str(path), "package": FONT_PACKAGE}],
            ) from exc
        pdfmetrics.registerFont(font)
        cached = CJKFont(name=name, path=path, index=index)
        _registered[path] = cached
        return cached
