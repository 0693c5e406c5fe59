"""The demo's pictures as our own images: its illustrations drawn with Pillow at seed time.

The illustrations in app/static/demo are SVGs of one simple form (a diagonal gradient,
translucent circles, a wave along the bottom); Pillow cannot read SVG, so this module
draws that form from each file's numbers. The demo then shows pictures served from
/images/ like any item's, with no other server involved.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image, ImageDraw
from sqlmodel import Session, col, select

from app.images.encoding import image_encoded
from app.images.store import image_file, image_save
from app.models import ContentItem

STATIC = Path(__file__).parents[1] / "static"
DEMO_PREFIX = "/static/demo/"
WIDTH, HEIGHT = 1200, 630
_STOP = re.compile(r'<stop offset="[^"]*" stop-color="(#[0-9a-fA-F]{6})"')
_CIRCLE = re.compile(
    r'<circle cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)" fill="(#[0-9a-fA-F]{6})" opacity="([\d.]+)"'
)
WAVE = ((0, 520), (300, 460), (600, 600), (1200, 500))  # the path's cubic curve
WAVE_OPACITY = 0.45


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _gradient(start: tuple[int, int, int], end: tuple[int, int, int]) -> Image.Image:
    # Diagonal, as x1=0 y1=0 x2=1 y2=1 draws it: a mask of x + y mixes the two colours.
    span = WIDTH + HEIGHT
    ramp = Image.frombytes("L", (span, 1), bytes(255 * i // (span - 1) for i in range(span)))
    mask = Image.new("L", (WIDTH, HEIGHT))
    for y in range(HEIGHT):
        mask.paste(ramp.crop((y, 0, y + WIDTH, 1)), (0, y))
    size = mask.size
    return Image.composite(Image.new("RGB", size, end), Image.new("RGB", size, start), mask)


def _wave() -> list[tuple[float, float]]:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = WAVE
    points = []
    for step in range(41):
        t = step / 40
        a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
        points.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    return [*points, (WIDTH, HEIGHT), (0, HEIGHT)]


def demo_picture(*, svg: str) -> bytes:
    """A PNG of one demo illustration, drawn from its SVG's colours and circles."""
    stops = [_rgb(colour) for colour in _STOP.findall(svg)] or [(60, 60, 60), (200, 200, 200)]
    picture = _gradient(stops[0], stops[-1]).convert("RGBA")
    for cx, cy, r, colour, opacity in _CIRCLE.findall(svg):
        # One layer each: overlapping translucent circles deepen, as in the SVG.
        layer = Image.new("RGBA", picture.size, (0, 0, 0, 0))
        x, y, radius = float(cx), float(cy), float(r)
        fill = (*_rgb(colour), round(255 * float(opacity)))
        ImageDraw.Draw(layer).ellipse((x - radius, y - radius, x + radius, y + radius), fill=fill)
        picture = Image.alpha_composite(picture, layer)
    wave = Image.new("RGBA", picture.size, (0, 0, 0, 0))
    ImageDraw.Draw(wave).polygon(_wave(), fill=(*stops[0], round(255 * WAVE_OPACITY)))
    out = io.BytesIO()
    Image.alpha_composite(picture, wave).convert("RGB").save(out, "PNG")
    return out.getvalue()


def demo_pictures_store(*, session: Session, var_dir: Path) -> int:
    """Give every demo item with an illustration our copy of it; how many were drawn."""
    items = session.exec(
        select(ContentItem).where(col(ContentItem.image_url).startswith(DEMO_PREFIX))
    ).all()
    drawn = 0
    for item in items:
        if item.image_key and image_file(var_dir=var_dir, key=item.image_key):
            continue  # stored already (the seed runs again on every start)
        source = STATIC / (item.image_url or "").removeprefix("/static/")
        if not source.is_file():
            continue
        encoded = image_encoded(data=demo_picture(svg=source.read_text(encoding="utf-8")))
        item.image_key = image_save(var_dir=var_dir, encoded=encoded)
        drawn += 1
    session.flush()
    return drawn
