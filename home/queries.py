"""THE one place that decides what is public and how lists are filtered and ordered.

Every channel (website, GraphQL API, feeds, signage) asks here; none filters pages on its own,
so they cannot disagree about what a visitor may see.
"""

from dataclasses import dataclass

from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.lookups import StartsWith
from django.utils import timezone
from wagtail.models import PageViewRestriction

from jp.time import start_of_tokyo_day, tokyo_day_range

from .models import EventPage, EventSession, GroupPage, NoticePage
from .models.notices import NoticePriority

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


def not_view_restricted():
    """No view restriction on the page or any ancestor, as one lazy subquery.

    Wagtail's `.public()` runs a query for the restrictions each time it is called; every
    nested list of an API response calls this, so it stays inside the one SQL statement instead.
    """
    restriction_above = PageViewRestriction.objects.filter(
        StartsWith(OuterRef("path"), F("page__path"))
    )
    return ~Exists(restriction_above)


def public(queryset, now=None):
    """Live, not view-restricted, not expired pages of any page queryset."""
    # Plain filters rather than PageQuerySet.live(): the API's prefetches hand in plain querysets.
    return queryset.filter(not_view_restricted(), not_expired(now), live=True)


def ids_of(related):
    """The ids of a page's related objects, for a `pk__in` filter.

    A saved relation becomes a subquery, so filtering by it costs no query of its own. A page
    being previewed holds its relations in memory (modelcluster's FakeQuerySet), which the
    database cannot see, so their ids are listed instead.
    """
    objects = related.all()
    if isinstance(objects, QuerySet):
        return objects.values("pk")
    return [obj.pk for obj in objects]


def public_among(model, related, now=None):
    """The public pages among a page's related objects, saved or in a preview's memory."""
    return public(model.objects.filter(pk__in=ids_of(related)), now)


LONGEST_RANGE_DAYS = 366
BACKWARDS_RANGE, RANGE_TOO_LONG = "backwards", "too_long"


def date_range_problem(first_day, last_day):
    """Why a requested date range cannot be listed (BACKWARDS_RANGE, RANGE_TOO_LONG), or None.

    Each channel words the problem in its own language.
    """
    if not (first_day and last_day):
        return None
    if last_day < first_day:
        return BACKWARDS_RANGE
    if (last_day - first_day).days > LONGEST_RANGE_DAYS:
        return RANGE_TOO_LONG
    return None


@dataclass(frozen=True)
class EventCriteria:
    """What a visitor or consumer asks of the event list. Empty fields do not filter."""

    date_from: object = None  # a date: sessions on or after this Tokyo day; default: from now
    date_to: object = None  # a date: sessions on or before this Tokyo day
    audience: str | None = None  # Audience.slug
    group: str | None = None  # organiser GroupPage.slug
    action: int | None = None  # ActionPage.number
    venue: str | None = None  # Venue.slug
    status: str | None = None
    for_schools: bool | None = None
    show_on_signage: bool | None = None
    attendance_mode: str | None = None


def events_in_window(events, criteria=EventCriteria(), now=None):
    """Events with a session in the criteria's window, one row per event.

    Each row is annotated with `next_starts_at`, its first session inside the window, and the
    list is ordered by it: the event happening next comes first. Visibility is the caller's.
    """
    now = now or timezone.now()
    window_start = start_of_tokyo_day(criteria.date_from) if criteria.date_from else now
    window = Q(sessions__ends_at__gte=window_start)
    if criteria.date_to:
        window &= Q(sessions__starts_at__lt=tokyo_day_range(criteria.date_to, criteria.date_to)[1])
    exact = {
        "audiences__slug": criteria.audience,
        "organisers__slug": criteria.group,
        "related_actions__number": criteria.action,
        "venue__slug": criteria.venue,
        "status": criteria.status,
        "for_schools": criteria.for_schools,
        "show_on_signage": criteria.show_on_signage,
        "attendance_mode": criteria.attendance_mode,
    }
    events = events.filter(window).filter(
        **{name: value for name, value in exact.items() if value is not None}
    )
    return events.annotate(next_starts_at=Min("sessions__starts_at", filter=window)).order_by(
        "next_starts_at", "pk"
    )


def find_events(criteria=EventCriteria(), now=None):
    """Public events with a session in the criteria's window, next session first."""
    return events_in_window(public(EventPage.objects.all(), now), criteria, now)


def upcoming_events(now=None):
    """Public events with a session still to finish, soonest next session first."""
    return find_events(EventCriteria(), now)


def events_on_tokyo_days(first_day, last_day, now=None):
    """Public events with a session overlapping Tokyo days first_day..last_day (inclusive)."""
    return find_events(EventCriteria(date_from=first_day, date_to=last_day), now)


def sessions_on_tokyo_days(criteria, now=None):
    """Sessions overlapping the criteria's Tokyo days (date_from..date_to, both required) of the
    public events the criteria find, earliest first, each with its event.

    For views that show sessions rather than events, such as a month calendar.
    """
    window_start, window_end = tokyo_day_range(criteria.date_from, criteria.date_to)
    return (
        EventSession.objects.filter(
            event__in=find_events(criteria, now).values("pk"),
            ends_at__gte=window_start,
            starts_at__lt=window_end,
        )
        .select_related("event")
        .order_by("starts_at", "pk")
    )


@dataclass(frozen=True)
class GroupCriteria:
    """What a visitor or consumer asks of the group directory. Empty fields do not filter."""

    activity_field: int | None = None  # ActivityField.number
    organisation_type: str | None = None
    district: str | None = None  # District.name
    recruiting: bool | None = None
    action: int | None = None  # ActionPage.number


def find_groups(criteria=GroupCriteria(), now=None):
    """Public group profiles matching the criteria, in あいうえお order of their kana."""
    exact = {
        "activity_fields__number": criteria.activity_field,
        "organisation_type": criteria.organisation_type,
        "district__name": criteria.district,
        "recruiting": criteria.recruiting,
        "related_actions__number": criteria.action,
    }
    groups = public(GroupPage.objects.all(), now).filter(
        **{name: value for name, value in exact.items() if value is not None}
    )
    # Filtering through many-to-many relations can repeat a group; the id set cannot.
    return public(GroupPage.objects.filter(pk__in=groups.values("pk")), now).order_by(
        "name_kana", "title"
    )


def public_groups(now=None):
    """Public group profiles in あいうえお order of their kana."""
    return find_groups(GroupCriteria(), now)


def recruiting_groups(now=None):
    return find_groups(GroupCriteria(recruiting=True), now)


def current_notices(now=None):
    """Public notices inside their display window, most urgent and newest first.

    The window ends at the notice's 公開終了日時 (expire_at), which `public` already applies."""
    now = now or timezone.now()
    in_window = Q(display_from__isnull=True) | Q(display_from__lte=now)
    return (
        public(NoticePage.objects.all(), now)
        .filter(in_window)
        .annotate(urgency=NOTICE_URGENCY)
        .order_by("urgency", "-first_published_at")
    )
