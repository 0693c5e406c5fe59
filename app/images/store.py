"""Where our images live: files under VAR_DIR/images, named by the hash of their bytes.

Files rather than database rows: the images are the largest thing gladshare keeps, they
would swell every database backup and every row read, and a file is served by the
operating system without a query. An installation with several web hosts shares VAR_DIR
(as it does for the SQLite database). A file is written once under a temporary name and
renamed, so a reader never sees half an image, and the same image is stored once.

An item's image_key is the file's name, or for a copy of its image_url the first
16 hex digits of the URL's hash, a dash and the file's name: the sweep then sees from
the row alone whether the copy belongs to the URL the item names now.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from app.images.encoding import Encoded

FOLDER = "images"
REFUSED_FOLDER = "refused"
KEY = re.compile(r"(?:[0-9a-f]{16}-)?(?P<file>[0-9a-f]{32}\.(?P<ext>jpg|png))")
MEDIA_TYPES = {"jpg": "image/jpeg", "png": "image/png"}


def image_folder(*, var_dir: Path) -> Path:
    """The folder of our images (made when first needed)."""
    return var_dir / FOLDER


def image_save(*, var_dir: Path, encoded: Encoded) -> str:
    """Store `encoded` (once, whoever else stores the same image) and return its file name."""
    folder = image_folder(var_dir=var_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / encoded.name
    if not path.exists():
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".incoming-")
        with os.fdopen(handle, "wb") as file:
            file.write(encoded.data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    return encoded.name


def image_file(*, var_dir: Path, key: str) -> tuple[Path, str] | None:
    """The file and media type an image key names, or None for anything else."""
    match = KEY.fullmatch(key)
    if match is None:
        return None
    path = image_folder(var_dir=var_dir) / match["file"]
    return (path, MEDIA_TYPES[match["ext"]]) if path.is_file() else None


def source_prefix(url: str) -> str:
    """What an image key of a copy of `url` starts with."""
    return hashlib.sha256(url.encode()).hexdigest()[:16] + "-"


def copy_key(*, url: str, name: str) -> str:
    """The image key of `url`'s copy stored as `name`."""
    return source_prefix(url) + name


def refusal_note(*, var_dir: Path, url: str, reason: str) -> None:
    """Remember that `url` was fetched and refused, so that it is never fetched again."""
    folder = image_folder(var_dir=var_dir) / REFUSED_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / source_prefix(url).rstrip("-")).write_text(reason, encoding="utf-8")


def refusal_of(*, var_dir: Path, url: str) -> str | None:
    """Why `url` was refused when it was fetched, or None if it never was."""
    path = image_folder(var_dir=var_dir) / REFUSED_FOLDER / source_prefix(url).rstrip("-")
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
