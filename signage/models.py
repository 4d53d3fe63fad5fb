"""Signage screens in the civic centre: what each shows, when, and whether it is alive."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from cms.channel_names import ScreenOrientation

ONLINE_WITHIN = dt.timedelta(minutes=5)


class SignageScreenQuerySet(models.QuerySet):
    def active(self):
        """Screens that may show content; an inactive screen is treated as unknown everywhere."""
        return self.filter(is_active=True)

    def find_active(self, slug):
        """The active screen named `slug`, with its venue, or None."""
        return self.active().select_related("venue").filter(slug=slug).first()


class SignageScreen(models.Model):
    """One screen: its venue's events come first; outside operating hours it shows a dark page."""

    name = models.CharField("画面の名前", max_length=100)
    slug = models.SlugField(
        "識別子",
        max_length=50,
        unique=True,
        help_text="半角英数字とハイフン。画面のURL /signage/<識別子>/ に使います。",
    )
    location = models.CharField("設置場所", max_length=200, blank=True, help_text="例：1階ロビー")
    venue = models.ForeignKey(
        "home.Venue",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signage_screens",
        verbose_name="会場",
        help_text="この会場のイベントを先頭に表示します。",
    )
    orientation = models.CharField(
        "向き",
        max_length=10,
        choices=ScreenOrientation.choices,
        default=ScreenOrientation.LANDSCAPE,
    )
    seconds_per_slide = models.PositiveSmallIntegerField(
        "1枚あたりの表示秒数",
        default=15,
        validators=[MinValueValidator(5), MaxValueValidator(120)],
    )
    opens_at = models.TimeField("表示開始時刻", default=dt.time(8, 30))
    closes_at = models.TimeField("表示終了時刻", default=dt.time(21, 30))
    is_active = models.BooleanField("有効", default=True)
    last_seen_at = models.DateTimeField("最終通信日時", null=True, blank=True, editable=False)
    content_version = models.CharField("表示中の内容版", max_length=64, blank=True, editable=False)
    uptime_seconds = models.PositiveIntegerField(
        "連続稼働秒数", null=True, blank=True, editable=False
    )

    objects = SignageScreenQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "サイネージ画面"
        verbose_name_plural = "サイネージ画面"

    def __str__(self):
        return self.name

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "表示終了時刻は表示開始時刻より後にしてください。"})

    def is_open_at(self, local_time):
        """Whether a Tokyo wall-clock time falls inside the operating hours [opens_at, closes_at)."""
        return self.opens_at <= local_time < self.closes_at

    def is_online(self, now=None):
        now = now or timezone.now()
        return self.last_seen_at is not None and now - self.last_seen_at <= ONLINE_WITHIN
