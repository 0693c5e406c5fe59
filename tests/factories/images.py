"""Real images made with Pillow for tests: photos with metadata, huge ones, bombs."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image, PngImagePlugin

SECRET = "Taken at 12 Hidden Lane by Jane Roe"


def photo(*, size: tuple[int, int] = (640, 480), colour: str = "teal") -> bytes:
    """A JPEG with EXIF that names a camera owner and a place."""
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x013B] = SECRET  # Artist
    exif[0x010F] = "SpyCam"  # Make
    exif[0x0112] = 1  # Orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def png(*, size: tuple[int, int] = (320, 200), alpha: bool = False, text: str = SECRET) -> bytes:
    """A PNG with a text chunk (and a transparent corner when `alpha`)."""
    image = Image.new("RGBA" if alpha else "RGB", size, (200, 60, 60, 255) if alpha else "red")
    if alpha:
        image.putpixel((0, 0), (0, 0, 0, 0))
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", text)
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def bomb(*, width: int = 100_000, height: int = 100_000) -> bytes:
    """A tiny PNG whose header claims `width` by `height` pixels (a decompression bomb)."""
    data = bytearray(png(size=(8, 8)))
    # The IHDR chunk starts at byte 8: length, type, width, height, …, then its CRC.
    data[16:24] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[12:29])) & 0xFFFFFFFF
    data[29:33] = struct.pack(">I", crc)
    return bytes(data)
