"""Several crops of one page read by one Tesseract run: stacked into one picture with white between them, and each
crop's words put back where the crop stands on the page (dark_bands.py, skipped.py)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .page_types import OcrRead as Read


def read_stacked(path: str, suffix: str, tag: str, crops: list[Any], boxes: list[tuple[int, int, int, int]],
                 gap: int, reader: Callable[[str, float], list[Read]], wall_s: float) -> list[list[Read]] | None:
    """Each crop's words in page pixels (the crops of `boxes`, in order), or None when the run failed."""
    from PIL import Image

    sheet = Image.new("L", (max(c.size[0] for c in crops) + 2 * gap, sum(c.size[1] + gap for c in crops) + gap), 255)
    offsets: list[int] = []
    y = gap
    for crop in crops:
        sheet.paste(crop, (gap, y))
        offsets.append(y)
        y += crop.size[1] + gap
    sheet_path = path[:-4] + suffix
    sheet.save(sheet_path, format="PNG")
    try:
        seen = reader(sheet_path, wall_s)
    except Exception:  # noqa: BLE001 - the page's own reading stands
        return None
    out: list[list[Read]] = []
    for n, (box, y0) in enumerate(zip(boxes, offsets, strict=True)):
        height = box[3] - box[1]
        out.append([((tag, n, *s[0]), s[1], s[2] - gap + box[0], s[3] - gap + box[0], s[4] - y0 + box[1],
                     s[5] - y0 + box[1], s[6]) for s in seen if s[1] and y0 <= (s[4] + s[5]) / 2 < y0 + height])
    return out
