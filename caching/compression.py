"""Compression of dynamic responses on the way out: brotli or gzip, as the client accepts.

Pages, the API and the feeds are text that shrinks to a fifth or less (docs/performance.md,
"Compression"). The shared response cache keeps the identity body once per URL; this middleware
sits outside it and compresses each answer as it leaves, so a hit is compressed too and no entry
is kept per encoding. Static files are whitenoise's, which serves them precompressed before this
middleware is reached.

Never compressed (BREACH: a secret in a compressed body can be guessed from the sizes of answers
that also reflect what an attacker sends): the admin, and any response that sets a cookie, holds a
CSRF token or is private to someone (an editor's view of the site, a partner's answer).

Each encoding is its own representation with its own strong ETag (`"…-br"`, `"…-gzip"`), so a
proxy that holds several can tell which one a 304 confirms. Compression is deterministic (gzip
with no timestamp, fixed levels), so the same body always gives the same bytes under that tag.
That is why conditional requests are answered here rather than in the response cache: the tag
to compare is known only once the encoding is chosen, and a 304 then costs no compression. Being
above Django's CommonMiddleware, the 304 is made after it and carries no Content-Length.
"""

import gzip

from django.utils.cache import patch_vary_headers

from .http import conditional_answer

try:
    import brotli
except ImportError:  # pragma: no cover - brotli is in requirements.lock; gzip alone still works
    brotli = None

COMPRESSIBLE_TYPES = frozenset(
    {
        "text/html",
        "application/json",
        "application/graphql-response+json",
        "text/calendar",
        "text/csv",
        "application/rss+xml",
        "application/feed+json",
        # The sitemap, which lists every public page.
        "application/xml",
    }
)
# Below this the saving is lost in the packet; a 400 or a short answer goes out as it is.
MINIMUM_BYTES = 1024
NEVER_PREFIXES = ("/admin/", "/django-admin/")
# Where the form token Django renders would sit (and cookies are checked separately).
CSRF_FIELD = b"csrfmiddlewaretoken"
# gzip's usual level; brotli's quality 5 is its usual on-the-fly setting: most of the gain of 11 at
# a fraction of the time (figures in docs/performance.md).
GZIP_LEVEL = 6
BROTLI_QUALITY = 5


def gzip_compress(content):
    return gzip.compress(content, compresslevel=GZIP_LEVEL, mtime=0)


def brotli_compress(content):
    return brotli.compress(content, quality=BROTLI_QUALITY)


# In order of preference when the client weighs them alike.
ENCODERS = {"br": brotli_compress} if brotli else {}
ENCODERS["gzip"] = gzip_compress


def media_type(response):
    return response.get("Content-Type", "").partition(";")[0].strip().lower()


def is_private(response):
    directives = response.get("Cache-Control", "").lower().replace(" ", "").split(",")
    return any(directive.partition("=")[0] == "private" for directive in directives)


def may_compress(request, response):
    """A whole body of a text type, worth compressing, with nothing in it that is someone's own."""
    if (
        response.streaming
        or response.has_header("Content-Encoding")
        or media_type(response) not in COMPRESSIBLE_TYPES
        or len(response.content) < MINIMUM_BYTES
    ):
        return False
    return not (
        request.path_info.startswith(NEVER_PREFIXES)
        or response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or is_private(response)
        or CSRF_FIELD in response.content
    )


def accepted_encoding(header):
    """The encoding to send for an Accept-Encoding header, or None for the body as it is.

    q-values count (`gzip;q=0` refuses gzip); `*` stands for any encoding not named; on equal
    weights brotli wins.
    """
    weights = {}
    for item in header.split(","):
        name, *parameters = item.split(";")
        weight = 1.0
        for parameter in parameters:
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if name.strip():
            weights[name.strip().lower()] = weight
    best, best_weight = None, 0.0
    for encoding in ENCODERS:
        weight = weights.get(encoding, weights.get("*", 0.0))
        if weight > best_weight:
            best, best_weight = encoding, weight
    return best


def encoded_etag(etag, encoding):
    """`"abc"` → `"abc-gzip"` (and W/ kept): a tag of its own for each encoding of a body."""
    if not etag.endswith('"'):
        return etag
    return f'{etag[:-1]}-{encoding}"'


class CompressionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 304:
            # Made inside (Django's static serve for media): CommonMiddleware gave it the length
            # of its empty body, which is not the length of the representation it confirms.
            del response["Content-Length"]
            return response
        encoding = None
        if may_compress(request, response):
            patch_vary_headers(response, ("Accept-Encoding",))
            encoding = accepted_encoding(request.headers.get("Accept-Encoding", ""))
            if encoding and response.has_header("ETag"):
                response["ETag"] = encoded_etag(response["ETag"], encoding)
        answer = conditional_answer(request, response)
        if answer is response and encoding:
            response.content = ENCODERS[encoding](response.content)
            response["Content-Encoding"] = encoding
            response["Content-Length"] = str(len(response.content))
        return answer
