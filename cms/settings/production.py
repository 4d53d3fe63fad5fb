"""Production: everything comes from the environment, and the process refuses to start without it."""

import ipaddress
import os
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

from .base import *  # noqa: F403
from .base import database_from_url, env_list
from .storage import media_storages

REQUIRED_VARIABLES = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "PUBLIC_BASE_URL")
missing = [name for name in REQUIRED_VARIABLES if not os.environ.get(name)]
if missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables: " + ", ".join(missing)
    )

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
# The public address is always served; ALLOWED_HOSTS adds internal names (health checks, a second
# domain that redirects).
ALLOWED_HOSTS = [*env_list("ALLOWED_HOSTS"), urlsplit(PUBLIC_BASE_URL).hostname]  # noqa: F405
CSRF_TRUSTED_ORIGINS = [*env_list("CSRF_TRUSTED_ORIGINS"), PUBLIC_BASE_URL]  # noqa: F405
DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}
if not os.environ.get("REDIS_URL"):
    # Without Redis every gunicorn worker would keep its own copy, and a publish handled by one
    # worker would leave the others serving the old page: no response cache rather than that.
    RESPONSE_CACHE_SECONDS = 0

# TLS ends at the city's reverse proxy, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading writes the domain, with every subdomain, into the browsers' built-in HTTPS-only
# lists for months, and is only accepted for the city's registrable domain as a whole: a decision
# for the city's IT, not for one service on it. SECURE_HSTS_PRELOAD=true opts in; until then
# `check --deploy` would warn on every run that preload is off, which is that decision, not a flaw.
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "false").lower() == "true"
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Wagtail's preview views answer SAMEORIGIN themselves, so its preview panel still works.
X_FRAME_OPTIONS = "DENY"

# Media on S3-compatible object storage when a bucket is named (docs/operations.md), so several app
# servers share uploads without a shared disk; otherwise MEDIA_ROOT on this server's disk.
STORAGES = media_storages(os.environ, STORAGES)  # noqa: F405


def env_flag(name):
    """A true/false variable, false when unset; anything else stops the start, rather than sending
    a mail password in the clear because EMAIL_USE_TLS=yes was read as false."""
    value = os.environ.get(name, "false").strip().lower()
    if value not in ("true", "false"):
        raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")
    return value == "true"


def mail_address(name, default=""):
    """An address variable (`name@host` or `Name <name@host>`), checked at start rather than on
    the first notification; `default` when unset."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        validate_email(parseaddr(value)[1])
    except ValidationError:
        raise ImproperlyConfigured(
            f"{name} must be an e-mail address (name@example.jp or Name <name@example.jp>), "
            f"not {value!r}."
        ) from None
    return value


# Mail goes out through the city's SMTP server (docs/operations.md, E-mail). The portal's backend
# is Django's with PORTAL_REPLY_TO_EMAIL added to every message (mail/backends.py).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "mail.backends.SmtpEmailBackend")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_flag("EMAIL_USE_SSL")
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true: EMAIL_USE_TLS=true upgrades a plain "
        "connection with STARTTLS (usually port 587), EMAIL_USE_SSL=true speaks TLS from the "
        "start (usually port 465). Set the one the mail server expects."
    )
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(
    os.environ.get("EMAIL_PORT") or (465 if EMAIL_USE_SSL else 587 if EMAIL_USE_TLS else 25)
)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
# Wagtail sends its notifications while the approver's request waits: a mail server that does not
# answer costs that request this long and a log line, never a hung worker.
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = mail_address(
    "DEFAULT_FROM_EMAIL",
    f"{WAGTAIL_SITE_NAME} <noreply@{urlsplit(PUBLIC_BASE_URL).hostname}>",  # noqa: F405
)
PORTAL_REPLY_TO_EMAIL = mail_address("PORTAL_REPLY_TO_EMAIL")


def proxy_networks(entries):
    """FORWARDED_ALLOW_IPS (addresses or networks) as networks; never everyone."""
    if "*" in entries:
        raise ImproperlyConfigured(
            "FORWARDED_ALLOW_IPS=* would let every client choose the address its rate limits are "
            "counted against: name the reverse proxy's address."
        )
    try:
        return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)
    except ValueError as error:
        raise ImproperlyConfigured(f"FORWARDED_ALLOW_IPS: {error}") from None


# The reverse proxies in front of gunicorn: the FORWARDED_ALLOW_IPS that gunicorn.conf.py gives
# gunicorn, with the same default. A request from one of them is counted against the client its
# X-Forwarded-For names, a request from anywhere else against its own address
# (cms/channel_names.py).
TRUSTED_PROXY_NETWORKS = proxy_networks(env_list("FORWARDED_ALLOW_IPS", "127.0.0.1"))
