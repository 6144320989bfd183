"""Uploaded images (city logos, speaker photos), checked by content and stored in the database.

An upload is accepted only when Pillow reads it as a PNG, JPEG, WebP or GIF whose byte size and
pixel count are within limits; the name and the declared content type count for nothing. The
image is then decoded and encoded again (at most 1600 pixels on its longer side, metadata such
as EXIF location dropped), so what is served is an image Showcase made, never the uploaded bytes.

Images live in the database so that every app server can serve them without shared disks.
"""

from __future__ import annotations

import hashlib
import io
import uuid
import warnings
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy.orm import Mapped, mapped_column

from showcase.core.db import UTCDateTime, utcnow
from showcase.core.errors import DomainError
from showcase.extensions import db

ACCEPTED_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 40_000_000  # far above any real photo; a decompression bomb is far above this
LONGEST_SIDE = 1600


class ImageRejected(DomainError):
    pass


class StoredImage(db.Model):
    __tablename__ = "stored_image"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuid.UUID] = mapped_column(sa.Uuid, default=uuid.uuid4, unique=True)
    content_type: Mapped[str] = mapped_column(sa.String(32))
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    width: Mapped[int]
    height: Mapped[int]
    byte_size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def extension(self) -> str:
        return {"image/png": "png", "image/jpeg": "jpg"}.get(self.content_type, "img")


def _read(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            if probe.format not in ACCEPTED_FORMATS:
                raise ImageRejected(_l("Upload a PNG, JPEG, WebP or GIF image."))
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise ImageRejected(_l("The image has too many pixels."))
            probe.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(_l("The image has too many pixels.")) from None
    except UnidentifiedImageError:
        raise ImageRejected(_l("This file is not an image that can be read.")) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ImageRejected(_l("This file is not an image that can be read.")) from None
    return image


def clean_image(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[bytes, str, int, int]:
    """Check ``data`` and return a re-encoded copy: (bytes, content type, width, height)."""
    if not data:
        raise ImageRejected(_l("The file is empty."))
    if len(data) > max_bytes:
        raise ImageRejected(
            _l("The image is larger than %(size)d MB.", size=max(1, max_bytes // (1024 * 1024)))
        )
    image = _read(data)
    image = ImageOps.exif_transpose(image)
    image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    output = io.BytesIO()
    if has_alpha:
        image.convert("RGBA").save(output, format="PNG", optimize=True)
        content_type = "image/png"
    else:
        image.convert("RGB").save(output, format="JPEG", quality=85, optimize=True)
        content_type = "image/jpeg"
    return output.getvalue(), content_type, image.width, image.height


def store_image(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> StoredImage:
    """Check, re-encode and add an uploaded image to the session; raises ``ImageRejected``."""
    cleaned, content_type, width, height = clean_image(data, max_bytes)
    image = StoredImage(
        content_type=content_type,
        data=cleaned,
        width=width,
        height=height,
        byte_size=len(cleaned),
        sha256=hashlib.sha256(cleaned).hexdigest(),
    )
    db.session.add(image)
    return image


def read_upload(file_storage, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of an uploaded file, refusing more than ``max_bytes`` without reading it all."""
    data = file_storage.stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImageRejected(
            _l("The image is larger than %(size)d MB.", size=max(1, max_bytes // (1024 * 1024)))
        )
    return data
