"""An item's image_url fetched once from a real local server, under the SSRF rules."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.db import transaction
from app.images.encoding import NOT_AN_IMAGE, TOO_LARGE
from app.images.fetching import ADDRESS_REFUSED, UNREACHABLE, image_copy, image_keys_set, images_due
from app.images.store import image_file, refusal_of, source_prefix
from tests.factories.feed import make_item
from tests.factories.images import SECRET, photo
from tests.support.web_pages import Page, Site, web_site


@pytest.fixture
def site() -> Iterator[Site]:
    """A real web server on loopback."""
    with web_site() as running:
        yield running


def picture(site: Site, path: str, data: bytes, media_type: str = "image/jpeg") -> str:
    page = Page(headers={"Content-Type": media_type}, pieces=lambda: [data], length=len(data))
    return site.serve(path, page)


def test_an_image_is_copied_clean_under_our_key(site: Site, tmp_path: Path) -> None:
    url = picture(site, "/plant.jpg", photo(size=(2400, 1200)))
    key = image_copy(url=url, var_dir=tmp_path, allow_private=True)
    assert key is not None
    assert key.startswith(source_prefix(url))
    found = image_file(var_dir=tmp_path, key=key)
    assert found is not None
    path, media_type = found
    assert media_type == "image/jpeg"
    assert SECRET.encode() not in path.read_bytes()
    assert [p for p, _ in site.requests] == ["/plant.jpg"]


def test_a_private_address_is_refused_without_asking_it(site: Site, tmp_path: Path) -> None:
    url = picture(site, "/inside.jpg", photo())
    assert image_copy(url=url, var_dir=tmp_path, allow_private=False) is None
    assert refusal_of(var_dir=tmp_path, url=url) == ADDRESS_REFUSED
    assert site.requests == []


def test_the_cloud_metadata_address_is_refused(tmp_path: Path) -> None:
    url = "http://169.254.169.254/latest/meta-data"
    assert image_copy(url=url, var_dir=tmp_path, allow_private=False) is None
    assert refusal_of(var_dir=tmp_path, url=url) == ADDRESS_REFUSED


def test_a_redirect_is_followed_to_the_image(site: Site, tmp_path: Path) -> None:
    picture(site, "/new.jpg", photo())
    url = site.redirect("/old.jpg", "/new.jpg")
    assert image_copy(url=url, var_dir=tmp_path, allow_private=True) is not None
    assert [p for p, _ in site.requests] == ["/old.jpg", "/new.jpg"]


@pytest.mark.parametrize(
    ("data", "media_type", "why"),
    [
        (b"<html>not a picture</html>", "text/html", NOT_AN_IMAGE),
        (b"\xff" * (9 * 1024 * 1024), "image/jpeg", TOO_LARGE),
    ],
)
def test_what_is_no_image_is_refused_and_noted(
    site: Site, tmp_path: Path, data: bytes, media_type: str, why: str
) -> None:
    url = picture(site, "/odd", data, media_type)
    assert image_copy(url=url, var_dir=tmp_path, allow_private=True) is None
    assert refusal_of(var_dir=tmp_path, url=url) == why


def test_a_missing_image_is_unreachable(site: Site, tmp_path: Path) -> None:
    assert image_copy(url=site.url("/gone.jpg"), var_dir=tmp_path, allow_private=True) is None
    assert refusal_of(var_dir=tmp_path, url=site.url("/gone.jpg")) == UNREACHABLE


@pytest.mark.db
def test_the_sweep_fetches_each_url_once_and_follows_a_change(
    site: Site, tmp_path: Path, engine: Engine
) -> None:
    first = picture(site, "/a.jpg", photo())
    second = picture(site, "/b.jpg", photo(colour="navy"))
    broken = picture(site, "/c.jpg", b"text", "text/plain")
    with transaction(engine) as session:
        item = make_item(session, image_url=first)
        refused = make_item(session, image_url=broken)
        upload = f"{'0' * 32}.jpg"
        make_item(session, image_url=f"/images/{upload}", image_key=upload)  # ours already
        emptied = make_item(session, image_url=None, image_key=upload)  # its link taken away

    def sweep() -> None:
        with transaction(engine) as session:
            due = images_due(session=session, var_dir=tmp_path)
        keys: dict[str, tuple[str | None, str | None]] = {}
        for entry in due:
            copied = None
            if entry.url is not None and entry.refused is None:
                copied = image_copy(url=entry.url, var_dir=tmp_path, allow_private=True)
            keys[entry.content_id] = (entry.url, copied)
        with transaction(engine) as session:
            image_keys_set(session=session, keys=keys)

    def key_of(session: Session, content_id: str) -> str | None:
        from app.models import ContentItem

        row = session.get(ContentItem, content_id)
        assert row is not None
        return row.image_key

    sweep()
    sweep()  # nothing is fetched twice, a refusal included
    assert sorted(p for p, _ in site.requests) == ["/a.jpg", "/c.jpg"]
    with transaction(engine) as session:
        assert (key_of(session, item.id) or "").startswith(source_prefix(first))
        assert key_of(session, refused.id) is None
        assert key_of(session, emptied.id) is None
        session.get_one(type(item), item.id).image_url = second
    sweep()
    with transaction(engine) as session:
        assert (key_of(session, item.id) or "").startswith(source_prefix(second))
        assert images_due(session=session, var_dir=tmp_path) == []
