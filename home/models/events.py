"""Events: one page per event, with one or more dated sessions (a 全3回 course is one event)."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..forms import EventPageForm
from .listing import FilteredListingMixin
from .preview import HeadlessPreviewMixin
from .sample import SampleContentMixin


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", "開催予定"
    CANCELLED = "cancelled", "中止"
    POSTPONED = "postponed", "延期"


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", "会場で開催"
    ONLINE = "online", "オンライン"
    HYBRID = "hybrid", "会場とオンライン（ハイブリッド）"


class EventIndexPage(FilteredListingMixin, HeadlessPreviewMixin, Page):
    """The event listing (イベント一覧): parent of every event."""

    introduction = RichTextField("はじめに", blank=True)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.EventPage"]
    max_count = 1

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = "イベント一覧"

    def get_context(self, request, *args, **kwargs):
        from ..queries import EventCriteria, find_events
        from ..site_filters import EventFilterForm, filtered_listing, query_without_page

        def find(criteria):
            return find_events(criteria).select_related("venue").prefetch_related("sessions")

        context = super().get_context(request, *args, **kwargs)
        form, page = filtered_listing(request, EventFilterForm, find, EventCriteria)
        context.update(filter_form=form, events=page, pager_query=query_without_page(request))
        return context


class EventPage(HeadlessPreviewMixin, SampleContentMixin, Page):
    """An event citizens can join: when, where, for whom, and how to register."""

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
    registration_deadline = models.DateTimeField("申込締切", null=True, blank=True)
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
            [FieldPanel("organisers"), FieldPanel("organiser_text")],
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
        sessions = list(self.sessions.all())
        self.starts_at = min((session.starts_at for session in sessions), default=None)
        self.ends_at = max((session.ends_at for session in sessions), default=None)
        super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from ..queries import public_among
        from .groups import GroupPage
        from .plan import ActionPage

        context = super().get_context(request, *args, **kwargs)
        context["organiser_groups"] = public_among(GroupPage, self.organisers).order_by("name_kana")
        context["related_action_pages"] = public_among(ActionPage, self.related_actions).order_by(
            "number"
        )
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
        if self.registration_required and not (self.registration_method or self.registration_url):
            errors["registration_method"] = (
                "事前申込が必要な場合は申込方法か申込ページURLを入力してください。"
            )
        if errors:
            raise ValidationError(errors)


class EventSession(Orderable):
    """One dated occurrence of an event, in Asia/Tokyo time."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="sessions")
    # Calendars identify a session by this forever, even when its date changes.
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    starts_at = models.DateTimeField("開始日時", db_index=True)
    ends_at = models.DateTimeField("終了日時")
    all_day = models.BooleanField(
        "終日", default=False, help_text="終日の場合、時刻は表示されません"
    )

    panels = [
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at"), FieldPanel("all_day")])
    ]

    class Meta(Orderable.Meta):
        verbose_name = "日程"
        verbose_name_plural = "日程"
        indexes = [models.Index(fields=["ends_at"])]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}"

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": "終了日時は開始日時より後にしてください。"})
