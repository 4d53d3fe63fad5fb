from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.search import index

from .sample import SampleContentMixin


class Venue(SampleContentMixin, index.Indexed, models.Model):
    """A place where events happen; shared by many events so its details are entered once."""

    name = models.CharField("会場名", max_length=200, unique=True)
    name_kana = models.CharField("会場名（ふりがな）", max_length=200, blank=True)
    slug = models.SlugField(
        "識別子",
        max_length=100,
        unique=True,
        help_text="半角英数字とハイフン（例：kirari-kamagaya）。APIやフィードの会場の絞り込みに使います。",
    )
    address = models.CharField("住所", max_length=255, blank=True)
    latitude = models.DecimalField(
        "緯度",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        "経度",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    access = models.TextField("アクセス", blank=True, help_text="最寄り駅やバス停からの行き方")
    barrier_free_notes = models.TextField(
        "バリアフリー情報", blank=True, help_text="エレベーター、多目的トイレ、車いす席など"
    )

    search_fields = [
        index.SearchField("name"),
        index.SearchField("name_kana"),
        index.SearchField("address"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name_kana", "name"]
        verbose_name = "会場"
        verbose_name_plural = "会場"

    def __str__(self):
        return self.name
