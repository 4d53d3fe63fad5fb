"""Editable classification data: activity fields, audiences and districts."""

from django.db import models
from wagtail.search import index


class ActivityField(index.Indexed, models.Model):
    """One of the 20 activity fields of the NPO law (特定非営利活動促進法 別表)."""

    number = models.PositiveSmallIntegerField(
        "号", unique=True, help_text="法律の別表の番号（1〜20）"
    )
    name = models.CharField("活動分野", max_length=100, unique=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["number"]
        verbose_name = "活動分野"
        verbose_name_plural = "活動分野"

    def __str__(self):
        return self.name


class Audience(models.Model):
    """Who an event is for (こども, シニア, …); schools and the website filter by it."""

    name = models.CharField("対象", max_length=50, unique=True)
    slug = models.SlugField(
        "識別子",
        max_length=50,
        unique=True,
        help_text="半角英数字。APIやフィードの絞り込みに使います。",
    )
    sort_order = models.PositiveSmallIntegerField("表示順", default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "対象者"
        verbose_name_plural = "対象者"

    def __str__(self):
        return self.name


class District(models.Model):
    """An area of the city a group is based in, for the directory's district filter."""

    name = models.CharField("地区名", max_length=50, unique=True)
    name_kana = models.CharField("地区名（ふりがな）", max_length=100, blank=True)
    sort_order = models.PositiveSmallIntegerField("表示順", default=0)

    class Meta:
        ordering = ["sort_order", "name_kana", "name"]
        verbose_name = "地区"
        verbose_name_plural = "地区"

    def __str__(self):
        return self.name
