"""nginx with the shipped site file (deploy/nginx/kamagaya.conf) in front of gunicorn, on loopback.

nginx runs that file with only its deployment values replaced (the placeholders its header lists:
ports, paths, the certificate), inside a main configuration like Debian's, with a self-signed
certificate for kyodo.example.jp made by openssl. gunicorn runs the production settings
(tests/app_servers.py) with static files collected as `collectstatic` does. Every request is real
HTTP over TCP, through TLS where production has it, and leaves from a loopback address of its own
(127.0.0.2, …), so the client the app counts is told apart from nginx (127.0.0.1).
"""

import gzip
import http.client
import json
import os
import re
import socket
import ssl
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

from bench.server import free_port, stop
from cms.settings import base
from home.loading.site import SITE_TITLE
from tests.app_servers import ROOT, app_server

HOST = "kyodo.example.jp"
SITE_FILE = ROOT / "deploy" / "nginx" / "kamagaya.conf"
NGINX = "/usr/sbin/nginx"
# What production's HSTS says (nginx's own, and Django's SECURE_HSTS_SECONDS default).
HSTS = "max-age=31536000; includeSubDomains"
# gunicorn's answers get a lifetime of their own, so the test sees whose header arrived: Django's
# only goes out on requests it knows came over https (X-Forwarded-Proto).
APP_HSTS = "max-age=600; includeSubDomains"
IMMUTABLE = "public, max-age=31536000, immutable"
ANONYMOUS_LIMIT = 3
API_CALL = "/graphql/?query=%7B__typename%7D"
ACME_TOKEN = "token-Zm9vYmFy"

pytestmark = [
    pytest.mark.xdist_group("reverse-proxy"),
    # pytest-django creates the test database only for tests that ask for one; without it the
    # app server would be handed the database DATABASE_URL names.
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the app server reads the test database: needs PostgreSQL, which `make test` "
        "uses whenever one answers on 127.0.0.1:5432",
    ),
]


@dataclass(frozen=True)
class Portal:
    http_port: int
    https_port: int
    certificate: Path
    srv: Path


def ipv6_loopback():
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
        return True
    except OSError:
        return False


def rendered_site(http_port, https_port, gunicorn, certificate_dir, srv, acme_root):
    """The shipped site file with this machine's values for its placeholders; comments dropped,
    so each replacement counts directives only. A placeholder found a different number of times
    than expected means the file changed: the test says so rather than run something else."""
    text = "\n".join(
        line for line in SITE_FILE.read_text().splitlines() if not line.lstrip().startswith("#")
    )
    ipv6 = ipv6_loopback()
    replacements = [
        ("listen 80;", f"listen 127.0.0.1:{http_port};", 1),
        ("listen [::]:80;", f"listen [::1]:{http_port};" if ipv6 else "", 1),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;", 1),
        ("listen [::]:443 ssl http2;", f"listen [::1]:{https_port} ssl http2;" if ipv6 else "", 1),
        (f"/etc/letsencrypt/live/{HOST}/", f"{certificate_dir}/", 2),
        ("/srv/kyodo/", f"{srv}/", 2),
        ("root /var/www/html;", f"root {acme_root};", 1),
        ("server 127.0.0.1:8000;", f"server {gunicorn};", 1),
    ]
    for placeholder, value, expected in replacements:
        assert (placeholder, text.count(placeholder)) == (placeholder, expected)
        text = text.replace(placeholder, value)
    return text


def main_configuration(prefix, site_path):
    """Like Debian's /etc/nginx/nginx.conf (gzip on included), with its paths in `prefix`."""
    # Workers read files under pytest's temporary folder, which only this user may read.
    user = "user root;" if os.geteuid() == 0 else ""
    temp_paths = "\n".join(
        f"    {kind}_temp_path {prefix}/temp/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
events {{
    worker_connections 64;
}}
http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers on;
    access_log {prefix}/access.log;
    gzip on;
{temp_paths}
    include {site_path};
}}
"""


def self_signed_certificate(folder):
    folder.mkdir()
    subprocess.run(
        [
            "openssl", "req", "-x509", "-nodes", "-days", "2",
            "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST}",
            "-keyout", str(folder / "privkey.pem"), "-out", str(folder / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return folder / "fullchain.pem"


class GzipOnlyStaticFiles(CompressedManifestStaticFilesStorage):
    """Production's storage without the brotli copies: nginx serves the .gz ones (gzip_static)
    and has no use for .br, which take nine tenths of collectstatic's time."""

    def create_compressor(self, **kwargs):
        return super().create_compressor(use_brotli=False, **kwargs)


def collect_static(static_root):
    """`collectstatic` as production runs it: hashed names, a manifest, .gz copies."""
    storages = {
        **base.STORAGES,
        "staticfiles": {"BACKEND": f"{__name__}.{GzipOnlyStaticFiles.__qualname__}"},
    }
    with override_settings(STATIC_ROOT=static_root, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)


def wait_for_port(process, port, log):
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nginx did not start:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def portal(django_db_setup, tmp_path_factory):
    """gunicorn (one worker, so its rate-limit counts are exact without Redis) behind nginx."""
    if not os.access(NGINX, os.X_OK):
        pytest.fail("The reverse proxy test needs Debian's nginx: `make nginx` installs it.")
    folder = tmp_path_factory.mktemp("reverse-proxy")
    srv = folder / "srv"
    collect_static(srv / "staticfiles")
    (srv / "media" / "original_images").mkdir(parents=True)
    (srv / "media" / "original_images" / "hanami.png").write_bytes(b"\x89PNG\r\n\x1a\n-test")
    (srv / "media" / "documents").mkdir()
    (srv / "media" / "documents" / "private.pdf").write_bytes(b"%PDF-1.7 private")
    acme_root = folder / "acme"
    (acme_root / ".well-known" / "acme-challenge").mkdir(parents=True)
    (acme_root / ".well-known" / "acme-challenge" / ACME_TOKEN).write_text(f"{ACME_TOKEN}.key")
    certificate = self_signed_certificate(folder / "certificate")

    with (
        (folder / "gunicorn.log").open("w+b") as gunicorn_log,
        app_server(
            redis_url="",
            workers=1,
            log=gunicorn_log,
            DJANGO_SETTINGS_MODULE="tests.deploy.server_settings",
            TEST_STATIC_ROOT=str(srv / "staticfiles"),
            MEDIA_ROOT=str(srv / "media"),
            ALLOWED_HOSTS=f"{HOST},127.0.0.1",
            PUBLIC_BASE_URL=f"https://{HOST}",
            FORWARDED_ALLOW_IPS="127.0.0.1",
            ANONYMOUS_RATE_LIMIT_PER_MINUTE=str(ANONYMOUS_LIMIT),
            SECURE_HSTS_SECONDS="600",
        ) as gunicorn_url,
    ):
        http_port, https_port = free_port(), free_port()
        prefix = folder / "nginx"
        (prefix / "temp").mkdir(parents=True)
        site = prefix / "kamagaya.conf"
        site.write_text(
            rendered_site(
                http_port,
                https_port,
                gunicorn_url.removeprefix("http://"),
                certificate.parent,
                srv,
                acme_root,
            )
        )
        main = prefix / "nginx.conf"
        main.write_text(main_configuration(prefix, site))
        log = prefix / "error.log"
        process = subprocess.Popen(
            [NGINX, "-p", str(prefix), "-c", str(main), "-e", str(log), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for_port(process, https_port, log)
            yield Portal(http_port, https_port, certificate, srv)
        finally:
            stop(process, seconds=10)


class PortalConnection(http.client.HTTPSConnection):
    """TLS to nginx on loopback as a browser opens https://kyodo.example.jp/: that name in SNI,
    the certificate checked against it, only that certificate trusted."""

    def connect(self):
        http.client.HTTPConnection.connect(self)
        self.sock = self._context.wrap_socket(self.sock, server_hostname=HOST)


def tls_context(portal, alpn=None):
    context = ssl.create_default_context(cafile=portal.certificate)
    if alpn:
        context.set_alpn_protocols(alpn)
    return context


@dataclass(frozen=True)
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


def fetch(portal, path, *, tls=True, client="127.0.0.2", headers=None):
    """One request from `client` (a loopback address), with Host kyodo.example.jp."""
    options = {"timeout": 10, "source_address": (client, 0)}
    connection = (
        PortalConnection("127.0.0.1", portal.https_port, context=tls_context(portal), **options)
        if tls
        else http.client.HTTPConnection("127.0.0.1", portal.http_port, **options)
    )
    try:
        connection.request("GET", path, headers={"Host": HOST, **(headers or {})})
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        connection.close()


def seconds_left_in_the_minute(portal):
    """How long the server's current rate-limit window (a minute of its clock) still runs: a
    scratch address uses up its allowance and reads the 429's Retry-After."""
    for _ in range(2 * ANONYMOUS_LIMIT + 2):
        answer = fetch(portal, API_CALL, client="127.0.0.99")
        if answer.status == 429:
            return int(answer.headers["Retry-After"])
    raise AssertionError(f"{2 * ANONYMOUS_LIMIT + 2} requests from one address were never limited")


def test_the_rate_limit_counts_the_client_nginx_saw_not_a_forged_header(portal):
    """Client A's forged X-Forwarded-For (a new address each time, then B's) never opens a new
    allowance, and B, behind the same nginx, still has its own: the app counts the address nginx
    accepted, not nginx's and not the header."""
    # The five requests below must share one window: wait for the next if this one ends soon.
    seconds_left = seconds_left_in_the_minute(portal)
    if seconds_left < 10:
        time.sleep(seconds_left + 1)
    answers = [
        fetch(portal, API_CALL, client="127.0.0.2", headers={"X-Forwarded-For": forged})
        for forged in ("203.0.113.1", "203.0.113.2", "203.0.113.3, 203.0.113.4", "127.0.0.3")
    ]
    answers.append(
        fetch(portal, API_CALL, client="127.0.0.3", headers={"X-Forwarded-For": "127.0.0.2"})
    )

    assert [(answer.status, answer.headers["X-RateLimit-Remaining"]) for answer in answers] == [
        (200, "2"),
        (200, "1"),
        (200, "0"),
        (429, "0"),
        (200, "2"),
    ]
    assert json.loads(answers[3].body)["errors"][0]["message"].startswith(
        f"Too many requests: at most {ANONYMOUS_LIMIT} per minute from one address without a key."
    )


def test_plain_http_is_redirected_to_https_without_hsts(portal):
    answer = fetch(portal, "/events/?page=2", tls=False)

    assert (
        answer.status,
        answer.headers["Location"],
        answer.headers["Strict-Transport-Security"],
    ) == (
        301,
        f"https://{HOST}/events/?page=2",
        None,
    )


def test_certbot_challenges_are_answered_on_plain_http(portal):
    answer = fetch(portal, f"/.well-known/acme-challenge/{ACME_TOKEN}", tls=False)

    assert (answer.status, answer.headers["Content-Type"], answer.body) == (
        200,
        "text/plain",
        f"{ACME_TOKEN}.key".encode(),
    )


def test_https_offers_http2(portal):
    context = tls_context(portal, alpn=["h2", "http/1.1"])
    with (
        socket.create_connection(("127.0.0.1", portal.https_port), timeout=10) as plain,
        context.wrap_socket(plain, server_hostname=HOST) as tls,
    ):
        assert tls.selected_alpn_protocol() == "h2"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_page_comes_through_with_its_host_scheme_and_static_files(portal, home_page):
    """gunicorn answers the home page: it got the Host (ALLOWED_HOSTS has no upstream name) and
    knew the request was https (its own HSTS header, and nginx added none). Every static file the
    page names is served by nginx under a hashed name, cacheable for a year."""
    page = fetch(portal, "/", client="127.0.0.4")
    static_paths = sorted(set(re.findall(r'"(/static/[^"]+)"', page.body.decode())))
    static_files = [fetch(portal, path, client="127.0.0.4") for path in static_paths]

    assert (
        page.status,
        page.headers["Content-Type"],
        page.headers.get_all("Strict-Transport-Security"),
        f"<title>{SITE_TITLE} | {SITE_TITLE}</title>" in page.body.decode(),
    ) == (200, "text/html; charset=utf-8", [APP_HSTS], True)
    assert static_paths, "the home page names no static file"
    assert [
        (
            path,
            answer.status,
            answer.headers["Cache-Control"],
            answer.headers.get_all("Strict-Transport-Security"),
        )
        for path, answer in zip(static_paths, static_files, strict=True)
    ] == [(path, 200, IMMUTABLE, [HSTS]) for path in static_paths]


def test_static_files_by_hashed_and_plain_name(portal):
    static_root = portal.srv / "staticfiles"
    hashed = json.loads((static_root / "staticfiles.json").read_text())["paths"]["css/site.css"]
    plain = fetch(portal, f"/static/{hashed}")
    compressed = fetch(portal, f"/static/{hashed}", headers={"Accept-Encoding": "gzip"})
    by_plain_name = fetch(portal, "/static/css/site.css")
    missing = fetch(portal, "/static/css/no-such-file.0123456789ab.css")

    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", hashed)
    assert (
        plain.status,
        plain.headers["Content-Type"],
        plain.headers["Cache-Control"],
        plain.headers["X-Content-Type-Options"],
        plain.headers.get_all("Strict-Transport-Security"),
        plain.headers["Content-Encoding"],
        plain.body == (static_root / hashed).read_bytes(),
    ) == (200, "text/css", IMMUTABLE, "nosniff", [HSTS], None, True)
    # whitenoise's .gz copy, as it is on disk: nginx compresses nothing itself.
    assert (
        compressed.headers["Content-Encoding"],
        compressed.headers["Vary"],
        compressed.body == (static_root / f"{hashed}.gz").read_bytes(),
        gzip.decompress(compressed.body) == plain.body,
    ) == ("gzip", "Accept-Encoding", True, True)
    assert (by_plain_name.status, by_plain_name.headers["Cache-Control"]) == (
        200,
        "public, max-age=300",
    )
    assert (missing.status, missing.headers["Cache-Control"]) == (404, None)


def test_images_are_served_from_media_but_documents_never(portal):
    image = fetch(portal, "/media/original_images/hanami.png")
    refused = [
        fetch(portal, path).status
        for path in (
            "/media/documents/private.pdf",
            "/media/images/%2e%2e/documents/private.pdf",
            "/media/original_images/../documents/private.pdf",
        )
    ]

    assert (
        image.status,
        image.headers["Content-Type"],
        image.headers["Cache-Control"],
        image.headers["X-Content-Type-Options"],
        image.headers.get_all("Strict-Transport-Security"),
        image.body,
    ) == (200, "image/png", "public, max-age=86400", "nosniff", [HSTS], b"\x89PNG\r\n\x1a\n-test")
    assert refused == [404, 404, 404]


def test_nginx_compresses_nothing(portal):
    """Debian's nginx.conf turns gzip on for HTML; the site turns it off, so an answer the app
    sends as is (the admin's sign-in page carries a CSRF token) reaches the client as is."""
    answer = fetch(portal, "/admin/login/", headers={"Accept-Encoding": "gzip"})

    assert (
        answer.status,
        answer.headers["Content-Type"],
        answer.headers["Content-Encoding"],
        b'name="csrfmiddlewaretoken"' in answer.body,
    ) == (200, "text/html; charset=utf-8", None, True)
