from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve as serve_file
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from feeds.views import event_calendar_view
from graphql_api.views import graphql_view
from home.editing.invitation_views import accept_invitation
from home.sitemaps import PublicPagesSitemap, robots_txt
from home.views import search as site_search
from reliability.health import healthz, readyz

urlpatterns = [
    # For the city's monitoring: outside the partner gate and the response cache, never
    # redirected to https (SECURE_REDIRECT_EXEMPT), never cached.
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("graphql/", graphql_view, name="graphql"),
    # Before the admin's own URLs, which need a signed-in user.
    path("admin/invitation/<str:token>/", accept_invitation, name="accept_invitation"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Unicode, not only ASCII, because Wagtail allows Japanese page slugs.
    path("events/<str:slug>/calendar.ics", event_calendar_view, name="event_calendar"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PublicPagesSitemap}}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("search/", site_search, name="search"),
    path("feeds/", include("feeds.urls")),
    path("signage/", include("signage.urls")),
]

if settings.SERVE_MEDIA:
    # Development and `make serve`; in production the reverse proxy or S3 serves media. Images
    # only: documents are served by /documents/, which checks a private collection's rules.
    urlpatterns += [
        re_path(
            r"^media/(?P<path>(?:original_images|images)/.*)$",
            serve_file,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

# Wagtail's page serving catches everything else, so it must come last.
urlpatterns += [path("", include(wagtail_urls))]
