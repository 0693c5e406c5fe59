"""Re-encoding an image: decoded by Pillow within limits, scaled, and saved without metadata.

Whatever arrives (an upload, a fetched image_url) is decoded and written again from its
pixels alone, so EXIF (camera, place, time), XMP, ICC profiles and PNG text chunks never
leave with it, and a file that only claims to be an image is refused before it is served.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from app.errors import Invalid
from app.web.i18n import N_

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
# 40 megapixels is a large camera's photo; a header that claims more is refused before any
# pixel is decoded (a small file that unpacks into gigabytes is a decompression bomb).
MAX_PIXELS = 40_000_000
MAX_SIZE = (1200, 1200)  # a link card is at most 1200 px wide; nobody needs more
FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
JPEG_QUALITY = 85
# Pillow's own guard too, for any decoder path that does not pass the check below.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

NOT_AN_IMAGE = N_("This file is not an image we can read. Please use a JPEG, PNG, WebP or GIF.")
TOO_LARGE = N_("This image is larger than 8 MB. Please use a smaller file.")
TOO_MANY_PIXELS = N_(
    "This image has more than 40 million pixels, more than we decode. Please use a smaller one."
)
BROKEN = N_("This image is damaged and cannot be read. Please use another file.")


class ImageRefused(Invalid):
    """The file cannot become one of our images; the detail is an English msgid for people."""


@dataclass(frozen=True)
class Encoded:
    """An image as we store and serve it."""

    data: bytes
    extension: str  # "jpg" or "png"
    width: int
    height: int

    @property
    def name(self) -> str:
        """The file's content-addressed name: unguessable without the image itself."""
        return f"{hashlib.sha256(self.data).hexdigest()[:32]}.{self.extension}"


def _opened(data: bytes) -> Image.Image:
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageRefused(TOO_LARGE)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRefused(TOO_MANY_PIXELS) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ImageRefused(NOT_AN_IMAGE) from None
    width, height = image.size
    if width < 1 or height < 1 or width * height > MAX_PIXELS:
        raise ImageRefused(TOO_MANY_PIXELS)
    return image


def _transparent(image: Image.Image) -> bool:
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        return True
    return image.mode == "P" and "transparency" in image.info


def image_encoded(*, data: bytes) -> Encoded:
    """`data` decoded, turned upright, scaled to fit 1200 px and saved again from its pixels."""
    image = _opened(data)
    try:
        image.seek(0)  # an animation's first frame
        image.load()
        image = ImageOps.exif_transpose(image) or image
        alpha = _transparent(image)
        image = image.convert("RGBA" if alpha else "RGB")
        if alpha and image.getchannel("A").getextrema()[0] == 255:
            image, alpha = image.convert("RGB"), False  # an alpha channel nobody sees
        image.thumbnail(MAX_SIZE, Image.Resampling.LANCZOS)
    except (OSError, ValueError, SyntaxError, EOFError):
        raise ImageRefused(BROKEN) from None
    # A new image from the bare pixels carries no info dict: nothing of the original's
    # metadata can reach the encoder, whatever a plugin would copy by default.
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    out = io.BytesIO()
    if alpha:
        clean.save(out, "PNG", optimize=True)
    else:
        clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return Encoded(out.getvalue(), "png" if alpha else "jpg", clean.width, clean.height)
