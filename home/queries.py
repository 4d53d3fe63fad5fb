"""THE one place that decides what is public and how lists are filtered and ordered.

Every channel (website, GraphQL API, feeds, signage) asks here; none filters pages on its own,
so they cannot disagree about what a visitor may see.
"""

from django.db.models import Case, IntegerField, Min, Q, Value, When
from django.utils import timezone

from .models import EventPage, GroupPage, NoticePage
from .models.notices import NoticePriority
from .tokyo_time import tokyo_day_range

NOTICE_URGENCY = Case(
    When(priority=NoticePriority.EMERGENCY, then=Value(0)),
    When(priority=NoticePriority.IMPORTANT, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def not_expired(now=None):
    # Wagtail unpublishes expired pages only when `publish_scheduled` next runs; until then
    # they are still live, so expiry is checked here as well.
    return Q(expire_at__isnull=True) | Q(expire_at__gt=now or timezone.now())


def public(queryset, now=None):
    """Live, not view-restricted, not expired pages of any page queryset."""
    return queryset.live().public().filter(not_expired(now))


def public_among(model, related, now=None):
    """The public pages among a page's related objects.

    Works for saved relations and for the in-memory ones of a page being previewed, whose
    managers are not real querysets.
    """
    return public(model.objects.filter(pk__in=[obj.pk for obj in related.all()]), now)


def with_next_session(events, now=None):
    """Events with a session still to finish, annotated and ordered by that next session."""
    now = now or timezone.now()
    return (
        events.filter(sessions__ends_at__gte=now)
        .annotate(next_starts_at=Min("sessions__starts_at", filter=Q(sessions__ends_at__gte=now)))
        .order_by("next_starts_at", "pk")
    )


def upcoming_events(now=None):
    """Public events with a session still to finish, soonest next session first."""
    return with_next_session(public(EventPage.objects.all(), now), now)


def events_on_tokyo_days(first_day, last_day, now=None):
    """Public events with a session overlapping Tokyo days first_day..last_day (inclusive).

    One row per event, ordered by its first session inside the range.
    """
    range_start, range_end = tokyo_day_range(first_day, last_day)
    in_range = Q(sessions__starts_at__lt=range_end, sessions__ends_at__gte=range_start)
    return (
        public(EventPage.objects.all(), now)
        .filter(in_range)
        .annotate(next_starts_at=Min("sessions__starts_at", filter=in_range))
        .order_by("next_starts_at", "pk")
    )


def public_groups(now=None):
    """Public group profiles in あいうえお order of their kana."""
    return public(GroupPage.objects.all(), now).order_by("name_kana", "title")


def recruiting_groups(now=None):
    return public_groups(now).filter(recruiting=True)


def current_notices(now=None):
    """Public notices inside their display window, most urgent and newest first."""
    now = now or timezone.now()
    in_window = (Q(display_from__isnull=True) | Q(display_from__lte=now)) & (
        Q(display_until__isnull=True) | Q(display_until__gt=now)
    )
    return (
        public(NoticePage.objects.all(), now)
        .filter(in_window)
        .annotate(urgency=NOTICE_URGENCY)
        .order_by("urgency", "-first_published_at")
    )
