"""The site's URLs plus the two baselines the benchmark compares the GraphQL list with."""

from django.urls import path

from cms.urls import urlpatterns as site_urlpatterns

from .baseline import events_json
from .wagtail_api import api_router

# Wagtail's page serving ends the site's patterns and catches everything, so these come first.
urlpatterns = [
    path("bench/events.json", events_json, name="bench_events_json"),
    path("api/v2/", api_router.urls),
    *site_urlpatterns,
]
