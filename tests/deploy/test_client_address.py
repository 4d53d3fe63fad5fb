"""Which address a request is counted against (cms/channel_names.py): X-Forwarded-For only from
the reverse proxies production trusts (FORWARDED_ALLOW_IPS), and then only its last address, the
one nginx writes."""

import ipaddress
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory, override_settings

from cms.channel_names import remote_address

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BEHIND_LOCAL_NGINX = override_settings(
    TRUSTED_PROXY_NETWORKS=(ipaddress.ip_network("127.0.0.1"), ipaddress.ip_network("10.0.5.0/24"))
)


def counted_address(peer, forwarded=None):
    headers = {} if forwarded is None else {"X-Forwarded-For": forwarded}
    return remote_address(RequestFactory().get("/graphql/", REMOTE_ADDR=peer, headers=headers))


@BEHIND_LOCAL_NGINX
@pytest.mark.parametrize(
    ("peer", "forwarded", "counted"),
    [
        # nginx on this host, or in the proxies' network, names the client.
        ("127.0.0.1", "198.51.100.7", "198.51.100.7"),
        ("10.0.5.20", "2001:db8::7", "2001:db8::7"),
        # A proxy that appends ($proxy_add_x_forwarded_for): its own entry is the last one.
        ("127.0.0.1", "203.0.113.9, 198.51.100.7", "198.51.100.7"),
        # The proxy's host asking itself (a health check), or a header that is no address.
        ("127.0.0.1", None, "127.0.0.1"),
        ("127.0.0.1", "unknown", "127.0.0.1"),
        # Anyone else: the header is theirs to forge, so it is not read.
        ("203.0.113.5", "198.51.100.7", "203.0.113.5"),
        ("10.0.6.1", "198.51.100.7", "10.0.6.1"),
    ],
)
def test_only_a_trusted_proxy_names_the_client(peer, forwarded, counted):
    assert counted_address(peer, forwarded) == counted


def test_without_a_proxy_the_header_is_never_read():
    """Development and test settings trust no proxy: not even a request from loopback."""
    assert counted_address("127.0.0.1", "198.51.100.7") == "127.0.0.1"


def production_check(forwarded_allow_ips):
    """Production settings started with FORWARDED_ALLOW_IPS (None: unset)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "FORWARDED_ALLOW_IPS")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="a-long-random-production-secret-for-this-test-only-0123456789",
        ALLOWED_HOSTS="kyodo.example.jp",
        DATABASE_URL="postgres://kyodo@127.0.0.1:5432/kyodo",
        PUBLIC_BASE_URL="https://kyodo.example.jp",
    )
    if forwarded_allow_ips is not None:
        env["FORWARDED_ALLOW_IPS"] = forwarded_allow_ips
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.TRUSTED_PROXY_NETWORKS)",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("value", "networks"),
    [
        # gunicorn.conf.py's default too: nginx on the same host.
        (None, "(IPv4Network('127.0.0.1/32'),)"),
        ("127.0.0.1, 10.0.5.0/24", "(IPv4Network('127.0.0.1/32'), IPv4Network('10.0.5.0/24'))"),
        ("", "()"),
    ],
)
def test_production_reads_the_proxies_gunicorn_reads(value, networks):
    result = production_check(value)
    assert (result.returncode, result.stdout.strip(), result.stderr) == (0, networks, "")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("*", "FORWARDED_ALLOW_IPS=* would let every client choose the address"),
        ("nginx.internal", "FORWARDED_ALLOW_IPS: 'nginx.internal' does not appear to be"),
    ],
)
def test_production_refuses_proxies_it_cannot_check(value, message):
    result = production_check(value)
    assert result.returncode != 0
    assert message in result.stderr
