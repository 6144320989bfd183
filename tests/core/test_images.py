"""Uploaded images are checked by content, size and pixel count, and re-encoded."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from showcase.core.images import ImageRejected, StoredImage, clean_image, store_image
from showcase.extensions import db


def png_bytes(width=40, height=30, mode="RGB", colour=(10, 120, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_with_exif() -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", (64, 48), (200, 10, 10))
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"  # Make
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def png_claiming_size(width: int, height: int) -> bytes:
    """A small PNG whose header claims a huge size: what a decompression bomb looks like."""
    data = bytearray(png_bytes(4, 4))
    ihdr = 8  # after the signature: length(4) type(4) data(13) crc(4)
    body = bytearray(data[ihdr + 8 : ihdr + 8 + 13])
    body[0:8] = struct.pack(">II", width, height)
    data[ihdr + 8 : ihdr + 8 + 13] = body
    crc = zlib.crc32(b"IHDR" + bytes(body)) & 0xFFFFFFFF
    data[ihdr + 21 : ihdr + 25] = struct.pack(">I", crc)
    return bytes(data)


def test_png_is_accepted_and_reencoded():
    cleaned, content_type, width, height = clean_image(png_bytes())
    assert content_type == "image/jpeg"
    assert (width, height) == (40, 30)
    assert Image.open(io.BytesIO(cleaned)).format == "JPEG"


def test_transparent_png_stays_png():
    _, content_type, _, _ = clean_image(png_bytes(mode="RGBA", colour=(0, 0, 0, 0)))
    assert content_type == "image/png"


def test_exif_metadata_is_dropped():
    original = jpeg_with_exif()
    assert b"SecretCameraMaker" in original
    cleaned, _, _, _ = clean_image(original)
    assert b"SecretCameraMaker" not in cleaned


def test_large_image_is_scaled_down():
    _, _, width, height = clean_image(png_bytes(4000, 1000), max_bytes=10 * 1024 * 1024)
    assert (width, height) == (1600, 400)


@pytest.mark.parametrize(
    "data,message",
    [
        (b"#!/bin/sh\nrm -rf /\n", "not an image"),
        (b"<script>alert(1)</script>", "not an image"),
        (b"", "empty"),
        (b"GIF89a" + b"\x00" * 20, "not an image"),
        (png_bytes()[:60], "not an image"),
    ],
)
def test_non_images_are_refused(data, message):
    with pytest.raises(ImageRejected) as caught:
        clean_image(data)
    assert message in str(caught.value.message)


def test_svg_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with pytest.raises(ImageRejected):
        clean_image(svg)


def test_image_bomb_is_refused_before_decoding():
    with pytest.raises(ImageRejected) as caught:
        clean_image(png_claiming_size(100_000, 100_000))
    assert "too many pixels" in str(caught.value.message)


def test_oversized_file_is_refused():
    with pytest.raises(ImageRejected) as caught:
        clean_image(png_bytes(), max_bytes=100)
    assert "larger than" in str(caught.value.message)


def test_stored_image_is_served_with_caching(app, client):
    with app.app_context():
        image = store_image(png_bytes())
        db.session.commit()
        address = f"/images/{image.uuid}"
        etag = image.sha256
    response = client.get(address)
    assert response.status_code == 200
    assert response.mimetype == "image/jpeg"
    assert "immutable" in response.headers["Cache-Control"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get(address, headers={"If-None-Match": f'"{etag}"'}).status_code == 304
    assert client.get("/images/00000000-0000-0000-0000-000000000000").status_code == 404
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(StoredImage)) == 1
