"""Settings shared by every environment. Anything environment-specific comes from the environment."""

import os
from pathlib import Path

import dj_database_url

from cms.public_address import checked_base_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SQLITE_DEFAULT_URL = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"


def env_list(name, default=""):
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_url(url):
    """One DATABASES entry from a DATABASE_URL, with connections kept open between requests."""
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Persistent connections buy nothing on SQLite and keep files locked in tests.
        config["CONN_MAX_AGE"] = 0
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend with a time budget for requests (reliability/outage.py): a database
        # that is down or hangs costs a request under 2 s and a 503, never a hung worker, and a
        # statement that runs too long is cancelled by PostgreSQL (statement_timeout).
        config["ENGINE"] = "reliability.postgresql"
        # For commands, outside requests. libpq allows no less than 2 s (psycopg turns 1 into 2),
        # so requests get their shorter limit from reliability.postgresql instead.
        config["OPTIONS"] = {**config.get("OPTIONS", {}), "connect_timeout": 2}
        # Every answer then arrives within the statement that asked for it, where the request's
        # time limit applies; a server-side cursor (QuerySet.iterator(), the sitemap) would fetch
        # rows in later round trips outside it. In autocommit such a cursor is declared WITH
        # HOLD, which makes PostgreSQL compute its whole result at once anyway.
        config["DISABLE_SERVER_SIDE_CURSORS"] = True
    return config


INSTALLED_APPS = [
    "home",
    "partners",
    "signage",
    "feeds",
    "caching",
    "reliability",
    "backups",
    "security",
    "mail",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "strawberry_django",
    # Optional two-factor sign-in for staff (security/twofactor/): authenticator apps and backup codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside whitenoise, the partner gate and the response cache, so static files, refusals
    # and cached answers carry the same headers as everything else.
    "security.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Inside whitenoise (static files come precompressed), outside the response cache (which keeps
    # one identity body per URL), sessions and CSRF (their cookies forbid compression) and
    # CommonMiddleware (a 304 made here carries no Content-Length): compresses, and answers
    # conditional requests with the ETag of the encoding sent (caching/compression.py).
    "caching.compression.CompressionMiddleware",
    # Outside sessions, the partner gate and the response cache: a request the database fails,
    # in any of them or in the view, is answered 503 (reliability/middleware.py).
    "reliability.middleware.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware for the admin; Japanese for everything public, whatever the
    # browser asks, so each public URL has one response-cache entry (caching/middleware.py).
    "caching.middleware.PublicLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "partners.middleware.PartnerAccessMiddleware",
    "caching.middleware.PublicResponseCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Tells whether this session's two-factor code was accepted (request.user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    "security.middleware.AdminSignInThrottleMiddleware",
    # A session that owes a two-factor code goes to the code page, whatever it asks for.
    "security.twofactor.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Tells editors after a publish when each channel shows it (caching/publish_notice.py).
    "caching.publish_notice.AdminRequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"

# Headers on every response in every environment (security/, SECURITY.md); HSTS, secure cookies
# and the https redirect are production's (cms/settings/production.py).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Players that rich-text video embeds may show in an iframe, by origin (Content-Security-Policy
# frame-src); embeds from anywhere else show as blocked.
CSP_EMBED_ORIGINS = env_list(
    "CSP_EMBED_ORIGINS",
    "https://www.youtube.com,https://www.youtube-nocookie.com,https://player.vimeo.com",
)
# People who send a form without its token (an expired page, cookies off) get a Japanese page.
CSRF_FAILURE_VIEW = "security.views.csrf_failure"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL") or SQLITE_DEFAULT_URL)}
# Monitors probe plain http on the internal port: the health checks are never redirected to https.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# How long a request waits to connect to the database, and for any one answer, before it is
# answered 503 (reliability/outage.py). PostgreSQL cancels a statement 0.3 s before the answer's
# time is up; the defaults keep every request the database fails under 2 s (docs/operations.md).
DATABASE_REQUEST_CONNECT_SECONDS = float(os.environ.get("DATABASE_REQUEST_CONNECT_SECONDS", "1"))
DATABASE_REQUEST_ANSWER_SECONDS = float(os.environ.get("DATABASE_REQUEST_ANSWER_SECONDS", "1.5"))
# An editor's save (a POST in the admin) may meet a slow query; it waits this long instead of 1.5 s.
DATABASE_ADMIN_SAVE_ANSWER_SECONDS = float(
    os.environ.get("DATABASE_ADMIN_SAVE_ANSWER_SECONDS", "15")
)


def cache_from_url(url):
    """Django's own Redis cache when REDIS_URL is set, so every app process shares counters and
    cached responses; otherwise memory local to the process (development)."""
    if url:
        return {
            "BACKEND": "caching.backends.FailSafeRedisCache",
            "LOCATION": url,
            # A cache that does not answer must cost a request half a second, not a TCP timeout:
            # callers treat cache errors as a miss (responses) or as "no limit" (rate limits).
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


CACHES = {
    "default": cache_from_url(os.environ.get("REDIS_URL")),
    # Wagtail writes every rendition it hands out to this cache, even one it found prefetched.
    # Its keys hold the image's file hash and focal point, so a copy per process is never stale,
    # and the writes cost no round trip to Redis (50 per event list otherwise).
    "renditions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "renditions",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
}
# Seconds a public response (page, feed, API GET/POST) is kept in the shared cache; 0 turns the
# cache off. Any content change replaces every entry at once (caching/invalidation.py), so this
# only bounds how long time-dependent lists ("upcoming", "today") can lag the clock.
RESPONSE_CACHE_SECONDS = int(os.environ.get("RESPONSE_CACHE_SECONDS", "60"))
# How much longer an entry is kept, to be served while the database is out of reach (stale-if-
# error, caching/serve.py): a short outage shows the last pages instead of an error page. Time-
# dependent lists may then lag the clock by this much more; 0 turns it off.
RESPONSE_CACHE_STALE_IF_ERROR_SECONDS = int(
    os.environ.get("RESPONSE_CACHE_STALE_IF_ERROR_SECONDS", "300")
)
# The deployed version (a git commit or tag); part of every response-cache key, so servers of two
# releases running side by side during a deploy never serve each other's output.
RELEASE = os.environ.get("RELEASE", "")
# How long browsers, the city's reverse proxy or a CDN may reuse an API answer or a feed without
# asking; pages are always revalidated (caching/http.py). The admin quotes both after a publish.
PUBLIC_CACHE_MAX_AGE = int(os.environ.get("PUBLIC_CACHE_MAX_AGE", "30"))
PUBLIC_CACHE_STALE_WHILE_REVALIDATE = 60
# Requests per minute per client address for the API and feeds without a partner key.
ANONYMOUS_RATE_LIMIT_PER_MINUTE = int(os.environ.get("ANONYMOUS_RATE_LIMIT_PER_MINUTE", "60"))
# ?poll=&slide=&heartbeat= on a signage page shorten its timings: for development and tests only.
SIGNAGE_TIMING_OVERRIDES = False
# Per registered signage screen (it polls once a minute, up to 12 times while retrying).
SIGNAGE_RATE_LIMIT_PER_MINUTE = int(os.environ.get("SIGNAGE_RATE_LIMIT_PER_MINUTE", "30"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The city's editors work in Japanese; every date and time is a Tokyo date and time.
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
# Completes and corrects Wagtail's Japanese catalogue for the admin; searched before the apps' own.
# The .po files are the source; `make translations` compiles them (home/management/commands).
LOCALE_PATHS = [BASE_DIR / "locale"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Django serves uploaded files itself only where nothing else does (development, `make serve`).
SERVE_MEDIA = os.environ.get("SERVE_MEDIA", "").lower() == "true"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "かまがや協働ポータル"
# The account's name in staff's authenticator apps.
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# The portal's public address: every absolute URL any channel gives out starts with it, whatever
# Host a request carried (cms/public_address.py). Required in production; `make run` and
# `make serve` set it to where they listen.
PUBLIC_BASE_URL = checked_base_url(os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000"))
# Reverse proxies allowed to name the client in X-Forwarded-For (cms/channel_names.py): none
# outside production, where FORWARDED_ALLOW_IPS lists them.
TRUSTED_PROXY_NETWORKS = ()
# Links in the admin's e-mails and its preview hints.
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL
# The sender of every e-mail, Wagtail's workflow notifications included (without
# WAGTAILADMIN_NOTIFICATION_FROM_EMAIL Wagtail uses this one, so production sets one setting, not
# two that could disagree). Production reads it from the environment (docs/operations.md).
DEFAULT_FROM_EMAIL = f"{WAGTAIL_SITE_NAME} <noreply@localhost>"
# Where replies go, added to every message that names none (mail/backends.py); empty: no
# Reply-To. Production reads it from the environment too.
PORTAL_REPLY_TO_EMAIL = ""
# Workflow notifications (templates/wagtailadmin/notifications/) in plain text only: Wagtail's HTML
# version is its own branded layout with an English header picture, and the text says everything.
WAGTAILADMIN_NOTIFICATION_USE_HTML = False
# Submissions go to the 承認者 of the approval task only. With superusers included, each
# superuser would get every submission twice (Wagtail's workflow and task notices), themselves too.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
# The admin is Japanese only, in Tokyo time: with one choice each, Wagtail offers editors no
# language or time-zone preference (a list of 400 English zone names otherwise).
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ja", "日本語")]
WAGTAIL_USER_TIME_ZONES = ["Asia/Tokyo"]
# Labels the password field, which Wagtail's own form leaves to Django's untranslated default.
WAGTAILADMIN_USER_LOGIN_FORM = "home.editing.login.PortalLoginForm"
WAGTAIL_I18N_ENABLED = False
WAGTAILIMAGES_IMAGE_MODEL = "home.CustomImage"
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# A 48-megapixel phone photo fits; decoding one costs a worker about 150 MB. Wagtail's default
# (128 million) would let one small, highly compressed upload take 400 MB or more.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000
# Decodes every uploaded image and explains each refusal in Japanese (home/editing/uploads.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.editing.uploads.CheckedImageForm"
# Through Django, which checks a private collection's restrictions, even when files are on S3.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
# Every document downloads (Content-Disposition: attachment), PDFs included: a browser then never
# runs an uploaded file in the site's origin, whatever its name claims it is.
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
# Substring matching that finds Japanese by part of a word, on PostgreSQL and SQLite alike.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "home.editing.search"}}
# Comments are off: approval happens in the workflow, and comments would be a second channel.
WAGTAILADMIN_COMMENTS_ENABLED = False
# No Gravatar images in the admin: they would send a hash of each editor's e-mail address to a
# third party on every page view, and the admin's Content-Security-Policy allows no such origin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# No autosave: on a slow connection an autosave of a new page could still be on its way when the
# editor submits it, and the submission then collided with the page it had just created (a 500
# seen in the browser tests). Editors save drafts and submit explicitly, as the workflow expects.
WAGTAIL_AUTOSAVE_INTERVAL = 0
# The dashboard's "What's new in Wagtail" banner is English and about Wagtail, not the portal; the
# editors' own guide is under ヘルプ → 使い方ガイド (home/editing/guide.py). Wagtail is upgraded
# through requirements.lock, so no dashboard nags superusers about new releases either.
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_ENABLE_UPDATE_CHECK = False

STRAWBERRY_DJANGO = {
    # graphql_api.pagination rejects larger pages with a clear error instead of clamping.
    "PAGINATION_DEFAULT_LIMIT": 20,
    "PAGINATION_MAX_LIMIT": 100,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Page audit lines and background-task chatter belong in the admin's logs, not on the console.
    "loggers": {
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "django_tasks.backends.immediate": {"level": "WARNING"},
    },
}
