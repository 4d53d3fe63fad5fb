"""The portal's public address (the PUBLIC_BASE_URL setting), the start of every absolute URL.

A school's calendar, a feed reader or a search engine keeps the links the portal gives it, so they
must open from anywhere: canonical links, the sitemap, feeds, the API's `url` fields, structured
data and e-mails are all built from this one setting, never from the Host header of the request
that happened to produce them (that could be an internal name, a load balancer's address or
whatever a client sent). The settings modules read it from the environment and check it here.
"""

from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT_PORTS = {"http": 80, "https": 443}


def checked_base_url(text):
    """`text` as a base URL (scheme and host, perhaps a port, nothing else), without a trailing
    slash; ImproperlyConfigured with the reason otherwise."""
    example = "e.g. https://kyodo.example.jp or http://127.0.0.1:8000"
    parts = urlsplit(text.strip())
    try:
        port = parts.port
    except ValueError:
        port = None
        parts = parts._replace(netloc="")
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ImproperlyConfigured(
            f"PUBLIC_BASE_URL must be an http or https address with a host name ({example}), "
            f"not {text!r}."
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ImproperlyConfigured(
            f"PUBLIC_BASE_URL is the portal's origin only, without a path, query or user "
            f"({example}), not {text!r}: the portal is served from the root of its host."
        )
    netloc = parts.hostname if port in (None, DEFAULT_PORTS[parts.scheme]) else parts.netloc
    return f"{parts.scheme}://{netloc.lower()}"


def public_base_url():
    return settings.PUBLIC_BASE_URL


def absolute_url(path):
    """`path` (or a URL that is absolute already, such as a file on object storage) on the
    portal's public address."""
    return urljoin(public_base_url() + "/", path)


def site_address():
    """(hostname, port) for Wagtail's Site row, from the public address."""
    parts = urlsplit(public_base_url())
    return parts.hostname, parts.port or DEFAULT_PORTS[parts.scheme]


def host_name():
    return urlsplit(public_base_url()).hostname
