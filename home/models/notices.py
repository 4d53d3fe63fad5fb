"""Notices (お知らせ): announcements with a priority and a window in which they are shown."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .preview import HeadlessPreviewMixin
from .sample import SampleContentMixin


class NoticePriority(models.TextChoices):
    NORMAL = "normal", "通常"
    IMPORTANT = "important", "重要"
    EMERGENCY = "emergency", "緊急"


class NoticeIndexPage(HeadlessPreviewMixin, Page):
    """The notice listing (お知らせ一覧): parent of every notice."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NoticePage"]
    max_count = 1

    class Meta:
        verbose_name = "お知らせ一覧"

    def get_context(self, request, *args, **kwargs):
        from ..queries import current_notices

        context = super().get_context(request, *args, **kwargs)
        context["notices"] = current_notices()
        return context


class NoticePage(HeadlessPreviewMixin, SampleContentMixin, Page):
    """An announcement; emergency notices take over signage screens while they are shown."""

    priority = models.CharField(
        "重要度",
        max_length=10,
        choices=NoticePriority.choices,
        default=NoticePriority.NORMAL,
        help_text="「緊急」は館内の案内画面すべてに優先して表示されます。",
    )
    body = RichTextField("本文")
    display_from = models.DateTimeField(
        "表示開始日時", null=True, blank=True, help_text="空欄なら公開と同時に表示"
    )
    display_until = models.DateTimeField(
        "表示終了日時", null=True, blank=True, help_text="空欄なら期限なく表示"
    )

    parent_page_types = ["home.NoticeIndexPage"]
    subpage_types = []

    search_fields = [*Page.search_fields, index.SearchField("body")]

    content_panels = [
        *Page.content_panels,
        FieldPanel("priority"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("display_from"), FieldPanel("display_until")])],
            heading="表示期間",
        ),
        FieldPanel("is_sample"),
    ]

    class Meta:
        verbose_name = "お知らせ"
        verbose_name_plural = "お知らせ"

    def clean(self):
        super().clean()
        if self.display_from and self.display_until and self.display_until <= self.display_from:
            raise ValidationError(
                {"display_until": "表示終了日時は表示開始日時より後にしてください。"}
            )
