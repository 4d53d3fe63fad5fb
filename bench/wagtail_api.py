"""What a city would otherwise pick: Wagtail's REST API v2 serving the same 50 event pages.

Requested as bench.endpoints.WAGTAIL_EVENTS_PATH (/api/v2/pages/?type=home.EventPage&fields=…), the
payload covers the benchmarked GraphQL list's fields. Wagtail serialises as it ships: nested
lists are read per event, as on any site that declares `api_fields` and nothing more.
"""

from rest_framework.fields import CharField
from wagtail.api import APIField
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.fields import ImageRenditionField

from home.models import Audience, EventPage, EventSession, Venue

from .baseline import CARD_FILTER

# A Wagtail site declares these on its models. They are attached here, at import time and only in
# processes that load bench.urls, so the baseline changes nothing in the production models.
EventPage.api_fields = [
    APIField("summary"),
    APIField("status"),
    APIField("status_label", serializer=CharField(source="get_status_display")),
    APIField("is_sample"),
    APIField("sessions"),
    APIField("venue"),
    APIField("audiences"),
    APIField("organisers"),
    APIField("image_card", serializer=ImageRenditionField(CARD_FILTER, source="image")),
]
EventSession.api_fields = [APIField("starts_at"), APIField("ends_at"), APIField("all_day")]
Venue.api_fields = [APIField("name"), APIField("address")]
Audience.api_fields = [APIField("slug"), APIField("name")]


class EventAwarePagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint; event pages follow the models' visibility and order.

    Wagtail knows live pages and view restrictions, but not expiry, "not over yet" or "next
    session first", so without this it would list other events in another order.
    """

    def get_queryset(self):
        pages = super().get_queryset()
        if pages.model is not EventPage:
            return pages
        return EventPage.objects.upcoming().filter(pk__in=pages.values("pk"))


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", EventAwarePagesAPIViewSet)
