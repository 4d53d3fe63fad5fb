"""PUBLIC_BASE_URL: what is accepted, how it is written, and that production says what is wrong."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from cms.public_address import absolute_url, checked_base_url, site_address

from .test_settings import PRODUCTION_ENV, run_check


@pytest.mark.parametrize(
    ("given", "written"),
    [
        ("https://kyodo.example.jp", "https://kyodo.example.jp"),
        ("https://kyodo.example.jp/", "https://kyodo.example.jp"),
        ("https://Kyodo.Example.JP:443", "https://kyodo.example.jp"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("http://localhost:80/", "http://localhost"),
        ("https://kyodo.example.jp:8443", "https://kyodo.example.jp:8443"),
    ],
)
def test_the_public_address_is_written_one_way(given, written):
    assert checked_base_url(given) == written


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("kyodo.example.jp", "must be an http or https address with a host name"),
        ("ftp://kyodo.example.jp", "must be an http or https address with a host name"),
        ("https://", "must be an http or https address with a host name"),
        ("https://kyodo.example.jp:port", "must be an http or https address with a host name"),
        ("https://kyodo.example.jp/portal/", "without a path, query or user"),
        ("https://kyodo.example.jp/?a=1", "without a path, query or user"),
        ("https://user@kyodo.example.jp", "without a path, query or user"),
    ],
)
def test_an_address_that_is_not_an_origin_is_refused_with_the_reason(given, reason):
    with pytest.raises(ImproperlyConfigured, match=reason):
        checked_base_url(given)


def test_absolute_urls_and_the_site_row_follow_the_setting(settings):
    settings.PUBLIC_BASE_URL = "https://kyodo.example.jp:8443"
    assert absolute_url("/events/") == "https://kyodo.example.jp:8443/events/"
    # A file on object storage has an address of its own.
    assert absolute_url("https://bucket.example.net/a.png") == "https://bucket.example.net/a.png"
    assert site_address() == ("kyodo.example.jp", 8443)
    settings.PUBLIC_BASE_URL = "https://kyodo.example.jp"
    assert site_address() == ("kyodo.example.jp", 443)


def test_production_refuses_a_public_address_with_a_path():
    result = run_check(
        "cms.settings.production", {**PRODUCTION_ENV, "PUBLIC_BASE_URL": "https://x.jp/portal"}
    )
    assert result.returncode != 0
    assert "PUBLIC_BASE_URL is the portal's origin only" in result.stderr


def test_production_serves_the_public_host_and_trusts_its_origin_for_forms():
    result = run_check(
        "cms.settings.production",
        {**PRODUCTION_ENV, "ALLOWED_HOSTS": "internal.lan"},
        code="from django.conf import settings as s; print(s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS)",
    )
    assert (
        result.stdout.strip() == "['internal.lan', 'kyodo.example.jp'] ['https://kyodo.example.jp']"
    )
