"""Events: one page per event, with one or more dated sessions (a 全3回 course is one event)."""

import datetime as dt
import uuid
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from jp.calendar import (
    WEEKDAY_NAMES,
    month_days,
    month_weeks,
    next_month,
    previous_month,
    year_in_range,
)
from jp.time import start_of_tokyo_day, tokyo_day_range, tokyo_today

from .admin_forms import EventPageForm
from .channel_preview import ChannelPreviewMixin
from .choices import AttendanceMode, EventStatus
from .criteria import EventCriteria, exact_filters
from .limits import LONGEST_SESSION_DAYS
from .list_filters import (
    EventCalendarFilterForm,
    EventFilterForm,
    filtered_listing,
    query_for,
    query_without_page,
    with_query,
)
from .listing import FilteredListingMixin
from .preview import HeadlessPreviewMixin
from .public_urls import PublicUrlMixin
from .sample import SampleContentMixin
from .scheduling import SCHEDULE_SETTINGS_PANELS
from .title_marks import typed_mark_error
from .visibility import (
    NotPublicPageIds,
    PublicPageManager,
    PublicPageQuerySet,
    public,
    public_among,
)


def mark_earlier_sessions_end(sessions):
    """Set each session's `earlier_sessions_end_at` from the sessions before it in start order
    (ties keep the given order); return the sessions whose value changed."""
    changed = []
    latest_end = None
    for session in sorted(sessions, key=lambda session: session.starts_at):
        if session.earlier_sessions_end_at != latest_end:
            session.earlier_sessions_end_at = latest_end
            changed.append(session)
        latest_end = session.ends_at if latest_end is None else max(latest_end, session.ends_at)
    return changed


LONGEST_SESSION = dt.timedelta(days=LONGEST_SESSION_DAYS)


def next_session_in_window(criteria, now, prefix=""):
    """The condition on a session (`prefix` leads from the queried model to it) that it is its
    event's next one in the criteria's window: see `EventSession.earlier_sessions_end_at`."""
    window_start = start_of_tokyo_day(criteria.date_from) if criteria.date_from else now

    def session(lookup, value):
        return Q(**{f"{prefix}{lookup}": value})

    next_session = session("ends_at__gte", window_start) & (
        session("earlier_sessions_end_at__isnull", True)
        | session("earlier_sessions_end_at__lt", window_start)
    )
    # Implied by the two above, as no session is longer: it lets the index of sessions in
    # start order skip every session begun earlier, however many years of them there are.
    next_session &= session("starts_at__gte", window_start - LONGEST_SESSION)
    if criteria.date_to:
        # Sessions after the next one start later still, so the next one decides.
        window_end = tokyo_day_range(criteria.date_to, criteria.date_to)[1]
        next_session &= session("starts_at__lt", window_end)
    return next_session


def event_filters(criteria, prefix=""):
    """The criteria's filters on the event itself; `prefix` leads to it from another model.

    Each matches at most one related page or snippet (slugs and action numbers are unique),
    so their joins cannot list an event twice.
    """
    filters = {
        "audiences__slug": criteria.audience,
        "organisers__slug": criteria.group,
        "related_actions__number": criteria.action,
        "venue__slug": criteria.venue,
        "status": criteria.status,
        "for_schools": criteria.for_schools,
        "show_on_signage": criteria.show_on_signage,
        "attendance_mode": criteria.attendance_mode,
    }
    return exact_filters({f"{prefix}{lookup}": value for lookup, value in filters.items()})


class EventPageQuerySet(PublicPageQuerySet):
    # Set by `find` on an unfiltered window: what `count` needs to count it from sessions alone.
    counted_window = None

    def in_window(self, criteria=EventCriteria(), now=None):
        """Events with a session in the criteria's window, one row per event.

        Each row is annotated with `next_starts_at`, its first session inside the window, and
        the list is ordered by it: the event happening next comes first. Without a `date_from`
        the window starts now, so an event is listed until its last session ends.

        Each event is joined to the one session that is its next for the window (see
        `EventSession.earlier_sessions_end_at`), not to all its sessions, so nothing is
        grouped: a page of the list is read in order from the `home_eventsession_window`
        index and stops at its last row, however many events the window holds.
        """
        now = now or timezone.now()
        events = self.filter(next_session_in_window(criteria, now, "sessions__")).filter(
            **event_filters(criteria)
        )
        return events.annotate(next_starts_at=F("sessions__starts_at")).order_by(
            "next_starts_at", "pk"
        )

    def find(self, criteria=EventCriteria(), now=None):
        """Public events with a session in the criteria's window, next session first."""
        now = now or timezone.now()
        events = self.public(now).in_window(criteria, now)
        if not self.query.where and not event_filters(criteria):
            events.counted_window = CountedWindow(criteria, now, events.query.where.clone())
        return events

    def upcoming(self, now=None):
        """Public events with a session still to finish, soonest next session first."""
        return self.find(EventCriteria(), now)

    def _clone(self):
        clone = super()._clone()
        clone.counted_window = self.counted_window
        return clone

    def count(self):
        """The number of events, read from the sessions alone for a window `find` made.

        Each event in a window has exactly one next session there, so the window holds as many
        events as sessions pass `next_session_in_window`; the ones whose event is not public
        (normally a handful) are taken away. That reads the session index alone, where joining
        every session to its page to apply the public rule costs time with every event ever
        listed. Any other filter, a slice or DISTINCT counts the usual way.
        """
        if self.is_window_as_found():
            return self.counted_window.count()
        return super().count()

    def is_window_as_found(self):
        """Whether these are the events of a window exactly as `find` listed them, public
        already: ordering, columns and prefetches may differ, filters, slices and DISTINCT not."""
        window, query = self.counted_window, self.query
        if window is None or query.where != window.where:
            return False
        return not (
            query.is_sliced or query.distinct or query.combinator or query.extra or query.group_by
        )


@dataclass(frozen=True)
class CountedWindow:
    criteria: EventCriteria
    now: object
    where: object  # the query's WHERE as `find` left it; any later filter changes it

    def count(self):
        sessions = EventSession.objects.filter(
            next_session_in_window(self.criteria, self.now)
        ).aggregate(
            sessions=Count("event"),
            not_public=Count("event", filter=Q(event_id__in=NotPublicPageIds(self.now))),
        )
        return sessions["sessions"] - sessions["not_public"]


class EventSessionQuerySet(models.QuerySet):
    def on_tokyo_days(self, criteria, now=None):
        """Sessions overlapping the criteria's Tokyo days (date_from..date_to, both required)
        of the public events the criteria find, earliest first, each with its event.

        For views that show sessions rather than events, such as a month calendar.
        """
        window_start, window_end = tokyo_day_range(criteria.date_from, criteria.date_to)
        # The public rule and the filters apply to the event joined here, row by row: as a
        # subquery of public events they made PostgreSQL read every page ever published.
        return (
            self.filter(
                public(now or timezone.now(), "event__"),
                ends_at__gte=window_start,
                # Implied (no session is longer), for the index: see next_session_in_window.
                starts_at__gte=window_start - LONGEST_SESSION,
                starts_at__lt=window_end,
                **event_filters(criteria, "event__"),
            )
            .select_related("event")
            .order_by("starts_at", "pk")
        )

    def first_per_event(self, criteria, now=None):
        """Of `on_tokyo_days`, each event's first session in the days only: the one whose
        earlier sessions all ended before the days begin (EventSession.earlier_sessions_end_at)."""
        window_start = tokyo_day_range(criteria.date_from, criteria.date_to)[0]
        return self.on_tokyo_days(criteria, now).filter(
            Q(earlier_sessions_end_at__isnull=True) | Q(earlier_sessions_end_at__lt=window_start)
        )


# Addresses under the event list taken by its own routes; an event with such a slug would be hidden.
ROUTE_SLUGS = frozenset({"calendar"})


class EventIndexPage(
    PublicUrlMixin, FilteredListingMixin, HeadlessPreviewMixin, RoutablePageMixin, Page
):
    """The event listing (イベント一覧) and its month calendar: parent of every event."""

    introduction = RichTextField("はじめに", blank=True)

    settings_panels = SCHEDULE_SETTINGS_PANELS
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.EventPage"]
    max_count = 1

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = "イベント一覧"

    @path("")
    def index_route(self, request):
        """The list of events, next first, filtered from the query string."""

        def find(criteria):
            return (
                EventPage.objects.find(criteria)
                .select_related("venue")
                .prefetch_related("sessions")
            )

        form, page = filtered_listing(request, EventFilterForm, find, EventCriteria)
        return self.render(
            request,
            context_overrides={
                "filter_form": form,
                "events": page,
                "pager_query": query_without_page(request),
                "calendar_url": self.calendar_url(
                    request, query=query_for(request.GET, EventCalendarFilterForm)
                ),
            },
        )

    @path("calendar/", name="calendar")
    @path("calendar/<int:year>/<int:month>/", name="calendar_month")
    def calendar(self, request, year=None, month=None):
        """A month of events as a wall calendar: the current Tokyo month unless the URL names one."""
        today = tokyo_today()
        if year is None:
            year, month = today.year, today.month
        form = EventCalendarFilterForm(request.GET, year=year, month=month)
        filters = query_for(request.GET, EventCalendarFilterForm)
        context = {
            "filter_form": form,
            "heading": "イベントカレンダー",
            "list_url": with_query(self.get_url(request), filters),
            "this_month_url": self.calendar_url(request, query=filters),
            "canonical_url": self.get_full_url(request) + self.reverse_subpage("calendar"),
        }
        if form.is_valid():
            first_day, last_day = month_days(year, month)
            weeks = month_weeks(
                year, month, EventSession.objects.on_tokyo_days(form.criteria()), today
            )
            # The list shows the same month, so switching views does not change what is shown.
            list_params = request.GET.copy()
            list_params["date_from"] = first_day.isoformat()
            list_params["date_to"] = last_day.isoformat()
            context.update(
                heading=f"イベントカレンダー {year}年{month}月",
                month_label=f"{year}年{month}月",
                weekday_names=WEEKDAY_NAMES,
                weeks=weeks,
                has_events=any(day and day.entries for week in weeks for day in week),
                list_url=with_query(self.get_url(request), query_for(list_params, EventFilterForm)),
                clear_url=self.calendar_url(request, year, month),
                canonical_url=self.get_full_url(request)
                + self.reverse_subpage("calendar_month", args=(year, month)),
            )
            for name, (other_year, other_month) in (
                ("previous_url", previous_month(year, month)),
                ("next_url", next_month(year, month)),
            ):
                if year_in_range(other_year):
                    context[name] = self.calendar_url(request, other_year, other_month, filters)
        return self.render(request, template="home/event_calendar.html", context_overrides=context)

    def calendar_url(self, request, year=None, month=None, query=""):
        """The calendar of one month, or of the current month, keeping the given filters."""
        if year is None:
            route = self.reverse_subpage("calendar")
        else:
            route = self.reverse_subpage("calendar_month", args=(year, month))
        return with_query(self.get_url(request) + route, query)


class EventPage(
    PublicUrlMixin, HeadlessPreviewMixin, ChannelPreviewMixin, SampleContentMixin, Page
):
    """An event citizens can join: when, where, for whom, and how to register."""

    objects = PublicPageManager.from_queryset(EventPageQuerySet)()

    title_kana = models.CharField("イベント名（ふりがな）", max_length=255, blank=True)
    summary = models.CharField(
        "ひとことで紹介", max_length=200, help_text="一覧や案内画面に表示されます（200字以内）"
    )
    description = RichTextField("内容")
    status = models.CharField(
        "開催状況", max_length=10, choices=EventStatus.choices, default=EventStatus.SCHEDULED
    )
    status_note = models.CharField(
        "開催状況のお知らせ",
        max_length=255,
        blank=True,
        help_text="中止・延期の理由や延期後の日程など（例：荒天のため中止します）",
    )
    venue = models.ForeignKey(
        "home.Venue",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name="会場",
    )
    room = models.CharField("部屋", max_length=100, blank=True, help_text="例：第1会議室")
    attendance_mode = models.CharField(
        "参加方法", max_length=10, choices=AttendanceMode.choices, default=AttendanceMode.IN_PERSON
    )
    online_url = models.URLField("オンライン参加URL", blank=True)
    organisers = ParentalManyToManyField(
        "home.GroupPage", blank=True, related_name="organised_events", verbose_name="主催団体"
    )
    organiser_text = models.CharField(
        "主催（自由記入）",
        max_length=255,
        blank=True,
        help_text="団体一覧にない主催者や共催・後援など",
    )
    related_actions = ParentalManyToManyField(
        "home.ActionPage", blank=True, related_name="events", verbose_name="関連するアクション"
    )
    audiences = ParentalManyToManyField(
        "home.Audience", blank=True, related_name="events", verbose_name="対象"
    )
    fee = models.PositiveIntegerField("参加費（円）", default=0, help_text="無料の場合は0")
    fee_details = models.CharField(
        "参加費の詳細", max_length=255, blank=True, help_text="例：材料費として"
    )
    capacity = models.PositiveIntegerField(
        "定員（人）",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="定員がなければ空欄",
    )
    registration_required = models.BooleanField("事前申込が必要", default=False)
    registration_deadline = models.DateTimeField(
        "申込締切",
        null=True,
        blank=True,
        help_text="この日時まで申込を受け付けます（日本時間。例：2027-03-25 17:00）",
    )
    registration_method = models.CharField(
        "申込方法", max_length=255, blank=True, help_text="例：電話またはメールで担当者へ"
    )
    registration_url = models.URLField("申込ページURL", blank=True)
    contact_name = models.CharField("問い合わせ先", max_length=100, blank=True)
    contact_phone = models.CharField("問い合わせ電話番号", max_length=30, blank=True)
    contact_email = models.EmailField("問い合わせメールアドレス", blank=True)
    image = models.ForeignKey(
        "home.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="画像",
    )
    show_on_signage = models.BooleanField(
        "館内の案内画面に表示する",
        default=True,
        help_text="きらり鎌ケ谷市民会館のデジタルサイネージ",
    )
    for_schools = models.BooleanField(
        "連携校に配信する",
        default=False,
        help_text="児童・生徒向けとして学校のポータルに配信します",
    )

    # Kept in step with the sessions on every save, so lists can sort and filter by date
    # without joining sessions; the sessions themselves stay the source of truth.
    starts_at = models.DateTimeField("最初の回の開始日時", null=True, editable=False, db_index=True)
    ends_at = models.DateTimeField("最後の回の終了日時", null=True, editable=False)

    base_form_class = EventPageForm
    settings_panels = SCHEDULE_SETTINGS_PANELS
    parent_page_types = ["home.EventIndexPage"]
    subpage_types = []

    search_fields = [
        *Page.search_fields,
        index.SearchField("title_kana"),
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("organiser_text"),
        index.FilterField("status"),
        index.FilterField("for_schools"),
    ]

    content_panels = [
        TitleFieldPanel("title", heading="イベント名"),
        FieldPanel("title_kana"),
        FieldPanel("summary"),
        FieldPanel("description"),
        InlinePanel(
            "sessions",
            label="日程",
            heading="日程（全3回の講座なら3回分）",
            min_num=1,
        ),
        MultiFieldPanel(
            [
                FieldPanel("attendance_mode"),
                FieldRowPanel([FieldPanel("venue"), FieldPanel("room")]),
                FieldPanel("online_url"),
            ],
            heading="会場・参加方法",
        ),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("status_note")],
            heading="開催状況",
        ),
        FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("fee"), FieldPanel("fee_details")]),
                FieldPanel("capacity"),
                FieldPanel("registration_required"),
                FieldRowPanel(
                    [FieldPanel("registration_deadline"), FieldPanel("registration_method")]
                ),
                FieldPanel("registration_url"),
            ],
            heading="参加費・定員・申込",
        ),
        MultiFieldPanel(
            [
                FieldPanel(
                    "organisers",
                    widget=forms.CheckboxSelectMultiple,
                    help_text="団体一覧に載っている主催団体すべてにチェックを入れます（複数可）",
                ),
                FieldPanel("organiser_text"),
            ],
            heading="主催",
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("contact_phone"), FieldPanel("contact_email")]),
            ],
            heading="問い合わせ",
        ),
        FieldPanel("image"),
        FieldPanel("related_actions", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldPanel("show_on_signage"), FieldPanel("for_schools")],
            heading="配信先",
        ),
        FieldPanel("is_sample"),
    ]

    class Meta:
        verbose_name = "イベント"
        verbose_name_plural = "イベント"
        ordering = ["starts_at", "pk"]

    def copy(self, *args, **kwargs):
        """A copy is a new event: calendars must not merge its sessions with the original's."""
        new_page = super().copy(*args, **kwargs)
        new_uids = {}
        for session in EventSession.objects.filter(event=new_page):
            new_uids[str(session.uid)] = uuid.uuid4()
            session.uid = new_uids[str(session.uid)]
            session.save(update_fields=["uid"])
        # The copy's revisions carry the old ids too, and publishing one would restore them.
        for revision in new_page.revisions.all():
            for row in revision.content.get("sessions", []):
                row["uid"] = str(new_uids.setdefault(str(row.get("uid")), uuid.uuid4()))
            revision.save(update_fields=["content"])
        new_page.refresh_from_db()  # drop the cached latest revision that still has the old ids
        return new_page

    def save(self, *args, **kwargs):
        sessions = self.sessions.all()
        # Sessions in memory (an editor's form, a revision) are written by the save itself;
        # sessions read from the database are not, so their changes are written below.
        in_database = isinstance(sessions, models.QuerySet)
        sessions = list(sessions)
        self.starts_at = min((session.starts_at for session in sessions), default=None)
        self.ends_at = max((session.ends_at for session in sessions), default=None)
        changed = mark_earlier_sessions_end(sessions)
        super().save(*args, **kwargs)
        if in_database and changed:
            EventSession.objects.bulk_update(changed, ["earlier_sessions_end_at"])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Each list is read once, here: the template both tests and loops over them, and the
        # JSON-LD describes the same sessions and organisers.
        context["sessions"] = list(self.sessions.all())
        context["audiences"] = list(self.audiences.all())
        context["organiser_groups"] = list(public_among(self.organisers).order_by("name_kana"))
        context["related_action_pages"] = public_among(self.related_actions).order_by("number")
        return context

    def clean(self):
        super().clean()
        errors = {}
        uses_venue = self.attendance_mode in (AttendanceMode.IN_PERSON, AttendanceMode.HYBRID)
        goes_online = self.attendance_mode in (AttendanceMode.ONLINE, AttendanceMode.HYBRID)
        if uses_venue and self.venue_id is None:
            errors["venue"] = "会場で開催するイベントは会場を選んでください。"
        if goes_online and not self.online_url:
            errors["online_url"] = "オンラインで参加できるイベントは参加URLを入力してください。"
        if self.slug in ROUTE_SLUGS:
            errors["slug"] = (
                f"「{self.slug}」はイベント一覧の機能で使うため、別のスラッグにしてください。"
            )
        marked = typed_mark_error(self.title, set(EventStatus.labels), chosen_by="開催状況")
        if marked:
            errors["title"] = marked
        if self.registration_required and not (self.registration_method or self.registration_url):
            errors["registration_method"] = (
                "事前申込が必要な場合は申込方法か申込ページURLを入力してください。"
            )
        if errors:
            raise ValidationError(errors)


class EventSession(Orderable):
    """One dated occurrence of an event, in Asia/Tokyo time."""

    objects = EventSessionQuerySet.as_manager()

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="sessions")
    # Calendars identify a session by this forever, even when its date changes.
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    starts_at = models.DateTimeField(
        "開始日時",
        help_text="日本時間。例：2027-04-01 10:00（入力欄を押すとカレンダーが開きます）",
    )
    ends_at = models.DateTimeField("終了日時", help_text="例：2027-04-01 12:00")
    all_day = models.BooleanField(
        "終日", default=False, help_text="終日の場合、時刻は表示されません"
    )
    # The latest end of the event's sessions before this one in start order (none for the
    # first), kept in step by EventPage.save(). A session is its event's next one for a window
    # opening after this moment and not after its own end, so event lists join each event to
    # that one session alone (EventPageQuerySet.in_window).
    earlier_sessions_end_at = models.DateTimeField(
        "前の回までの終了日時", null=True, editable=False
    )

    panels = [
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at"), FieldPanel("all_day")])
    ]

    class Meta(Orderable.Meta):
        verbose_name = "日程"
        verbose_name_plural = "日程"
        indexes = [
            # A window's sessions with what picks each event's next one: the count of a
            # window reads this index alone (EventPageQuerySet.count).
            models.Index(
                fields=["ends_at", "earlier_sessions_end_at", "event"],
                name="home_eventsession_next",
            ),
            # Sessions in list order with the columns that pick each event's next one: event
            # lists and their counts read this index alone (EventPageQuerySet.in_window).
            models.Index(
                fields=["starts_at", "event", "ends_at", "earlier_sessions_end_at"],
                name="home_eventsession_window",
            ),
        ]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}"

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": "終了日時は開始日時より後にしてください。"})
        if self.starts_at and self.ends_at and self.ends_at - self.starts_at > LONGEST_SESSION:
            raise ValidationError(
                {
                    "ends_at": f"1回の日程は{LONGEST_SESSION_DAYS}日以内にしてください。"
                    "それより長い催しは、日程を分けて登録してください。"
                }
            )
