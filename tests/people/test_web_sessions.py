"""The sign-in in progress as the browser keeps it: sealed, short-lived, and ours alone."""

from __future__ import annotations

import base64
import re
from datetime import timedelta

import pytest

from app.models import utcnow
from app.people.web_sessions import LOGIN_TIMEOUT, login_state_open, login_state_seal
from tests.conftest import TEST_SECRET

PENDING = {"state": "the-state", "nonce": "the-nonce", "code_verifier": "v" * 43}


def test_a_sealed_sign_in_opens_again_until_its_time_is_over() -> None:
    sealed_at = utcnow()
    sealed = login_state_seal(secret=TEST_SECRET, pending=PENDING, now=sealed_at)
    just_in_time = sealed_at + LOGIN_TIMEOUT - timedelta(seconds=1)
    too_late = sealed_at + LOGIN_TIMEOUT + timedelta(seconds=1)
    assert login_state_open(secret=TEST_SECRET, sealed=sealed, now=just_in_time) == PENDING
    assert login_state_open(secret=TEST_SECRET, sealed=sealed, now=too_late) is None


def test_the_cookie_value_needs_no_quoting_and_hides_the_verifier() -> None:
    sealed = login_state_seal(secret=TEST_SECRET, pending=PENDING, now=utcnow())
    assert re.fullmatch(r"[A-Za-z0-9_-]+", sealed)
    raw = base64.urlsafe_b64decode(sealed + "=" * (-len(sealed) % 4))
    assert b"code_verifier" not in raw
    assert PENDING["code_verifier"].encode() not in raw


def test_only_our_secret_opens_it() -> None:
    sealed = login_state_seal(secret="another-" + TEST_SECRET, pending=PENDING, now=utcnow())
    assert login_state_open(secret=TEST_SECRET, sealed=sealed, now=utcnow()) is None


@pytest.mark.parametrize(
    "sealed",
    [None, "", "x", "ü" * 40, "A" * 5000, "gAAAAA" + "=" * 10, "not a cookie; at all"],
)
def test_anything_else_is_refused_quietly(sealed: str | None) -> None:
    assert login_state_open(secret=TEST_SECRET, sealed=sealed, now=utcnow()) is None


def test_a_sealed_value_without_a_verifier_is_refused() -> None:
    sealed = login_state_seal(secret=TEST_SECRET, pending={"state": "s"}, now=utcnow())
    assert login_state_open(secret=TEST_SECRET, sealed=sealed, now=utcnow()) is None


def test_a_sealed_value_from_the_future_is_refused() -> None:
    sealed = login_state_seal(
        secret=TEST_SECRET, pending=PENDING, now=utcnow() + timedelta(minutes=5)
    )
    assert login_state_open(secret=TEST_SECRET, sealed=sealed, now=utcnow()) is None
