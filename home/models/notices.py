"""Notices (お知らせ): announcements with a priority and a window in which they are shown.

The window ends with the page's own 公開終了日時 (Wagtail's expire_at): one expiry for every
page type, which unpublishes the notice everywhere, rather than a second end date of its own.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .channel_preview import ChannelPreviewMixin
from .choices import NoticePriority
from .preview import HeadlessPreviewMixin
from .public_urls import PublicUrlMixin
from .sample import SampleContentMixin
from .scheduling import SCHEDULE_SETTINGS_PANELS
from .title_marks import typed_mark_error
from .visibility import PublicPageManager, PublicPageQuerySet

NOTICE_URGENCY = Case(
    When(priority=NoticePriority.EMERGENCY, then=Value(0)),
    When(priority=NoticePriority.IMPORTANT, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


class NoticePageQuerySet(PublicPageQuerySet):
    def current(self, now=None):
        """Public notices inside their display window, most urgent and newest first.

        The window ends at the notice's 公開終了日時 (expire_at), which `public` already applies.
        """
        now = now or timezone.now()
        in_window = Q(display_from__isnull=True) | Q(display_from__lte=now)
        return (
            self.public(now)
            .filter(in_window)
            .annotate(urgency=NOTICE_URGENCY)
            .order_by("urgency", "-first_published_at")
        )


class NoticeIndexPage(PublicUrlMixin, HeadlessPreviewMixin, Page):
    """The notice listing (お知らせ一覧): parent of every notice."""

    settings_panels = SCHEDULE_SETTINGS_PANELS
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NoticePage"]
    max_count = 1

    class Meta:
        verbose_name = "お知らせ一覧"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["notices"] = NoticePage.objects.current()
        return context


class NoticePage(
    PublicUrlMixin, HeadlessPreviewMixin, ChannelPreviewMixin, SampleContentMixin, Page
):
    """An announcement; emergency notices take over signage screens while they are shown."""

    objects = PublicPageManager.from_queryset(NoticePageQuerySet)()

    priority = models.CharField(
        "重要度",
        max_length=10,
        choices=NoticePriority.choices,
        default=NoticePriority.NORMAL,
        help_text="「緊急」は館内の案内画面すべてに優先して表示されます。",
    )
    body = RichTextField("本文")
    display_from = models.DateTimeField(
        "表示開始日時",
        null=True,
        blank=True,
        help_text=(
            "この日時からトップページ・お知らせ一覧・案内画面に載せます（日本時間。"
            "例：2027-04-01 09:00）。空欄なら公開と同時に載せます。載せ終える日時は、"
            "画面右の「公開日時を設定」で「公開終了日時」として指定します。"
        ),
    )

    settings_panels = SCHEDULE_SETTINGS_PANELS
    parent_page_types = ["home.NoticeIndexPage"]
    subpage_types = []

    search_fields = [*Page.search_fields, index.SearchField("body")]

    content_panels = [
        *Page.content_panels,
        FieldPanel("priority"),
        FieldPanel("body"),
        FieldPanel("display_from"),
        FieldPanel("is_sample"),
    ]

    class Meta:
        verbose_name = "お知らせ"
        verbose_name_plural = "お知らせ"

    def clean(self):
        super().clean()
        errors = {}
        marked = typed_mark_error(self.title, set(NoticePriority.labels), chosen_by="重要度")
        if marked:
            errors["title"] = marked
        if self.display_from and self.expire_at and self.expire_at <= self.display_from:
            errors["display_from"] = "表示開始日時は公開終了日時より前にしてください。"
        if errors:
            raise ValidationError(errors)
