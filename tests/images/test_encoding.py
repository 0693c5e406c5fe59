"""Re-encoding: what comes out is a clean, scaled image; what is no image is refused."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from app.images.encoding import (
    BROKEN,
    MAX_UPLOAD_BYTES,
    NOT_AN_IMAGE,
    TOO_LARGE,
    TOO_MANY_PIXELS,
    ImageRefused,
    image_encoded,
)
from tests.factories.images import SECRET, bomb, photo, png


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_a_photo_loses_its_exif_and_keeps_its_pixels() -> None:
    original = photo()
    assert SECRET.encode() in original
    encoded = image_encoded(data=original)
    assert SECRET.encode() not in encoded.data
    assert b"SpyCam" not in encoded.data
    image = opened(encoded.data)
    assert image.format == "JPEG"
    assert not image.getexif()
    assert "exif" not in image.info
    assert "icc_profile" not in image.info
    assert (encoded.width, encoded.height) == image.size == (640, 480)
    assert encoded.name.endswith(".jpg")
    assert len(encoded.name) == 36


def test_a_png_loses_its_text_and_keeps_its_transparency() -> None:
    encoded = image_encoded(data=png(alpha=True))
    assert SECRET.encode() not in encoded.data
    image = opened(encoded.data)
    assert image.format == "PNG"
    assert image.mode == "RGBA"
    assert image.getpixel((0, 0))[3] == 0  # type: ignore[index]
    assert "Comment" not in image.info


def test_an_opaque_png_becomes_a_jpeg() -> None:
    assert image_encoded(data=png()).extension == "jpg"


def test_a_huge_image_is_scaled_to_1200_pixels() -> None:
    encoded = image_encoded(data=photo(size=(4800, 2400)))
    assert (encoded.width, encoded.height) == (1200, 600)
    assert opened(encoded.data).size == (1200, 600)


def test_the_same_image_gets_the_same_name() -> None:
    assert image_encoded(data=photo()).name == image_encoded(data=photo()).name
    assert image_encoded(data=photo()).name != image_encoded(data=photo(colour="navy")).name


def test_a_decompression_bomb_is_refused_before_decoding() -> None:
    with pytest.raises(ImageRefused) as refused:
        image_encoded(data=bomb())
    assert refused.value.detail == TOO_MANY_PIXELS
    with pytest.raises(ImageRefused) as refused:
        image_encoded(data=bomb(width=8000, height=6000))  # 48 MP: over our 40
    assert refused.value.detail == TOO_MANY_PIXELS


@pytest.mark.parametrize(
    "data",
    [b"", b"hello, I am text", b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"%PDF-1.7\n"],
)
def test_what_is_no_image_is_refused(data: bytes) -> None:
    with pytest.raises(ImageRefused) as refused:
        image_encoded(data=data)
    assert refused.value.detail == NOT_AN_IMAGE
    assert refused.value.status == 422


def test_a_damaged_image_is_refused() -> None:
    with pytest.raises(ImageRefused) as refused:
        image_encoded(data=photo()[:600])
    assert refused.value.detail in (BROKEN, NOT_AN_IMAGE)


def test_a_file_over_8_mb_is_refused_unread() -> None:
    with pytest.raises(ImageRefused) as refused:
        image_encoded(data=photo() + b"\0" * MAX_UPLOAD_BYTES)
    assert refused.value.detail == TOO_LARGE
