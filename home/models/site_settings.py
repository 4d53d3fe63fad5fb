from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="mail")
class ContactSettings(BaseGenericSetting):
    """The consultation contact every page shows: the plan names 市民活動推進課 as its office."""

    department = models.CharField(
        "担当部署", max_length=100, default="鎌ケ谷市市民生活部市民活動推進課"
    )
    phone = models.CharField("電話番号", max_length=30, default="047-445-1274")
    email = models.EmailField("メールアドレス", blank=True)
    address = models.CharField("所在地", max_length=255, blank=True)
    opening_hours = models.CharField("受付時間", max_length=100, blank=True)
    x_url = models.URLField("X（旧Twitter）", blank=True)
    instagram_url = models.URLField("Instagram", blank=True)
    facebook_url = models.URLField("Facebook", blank=True)
    line_url = models.URLField("LINE", blank=True)
    youtube_url = models.URLField("YouTube", blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("department"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("address"),
                FieldPanel("opening_hours"),
            ],
            heading="相談窓口",
        ),
        MultiFieldPanel(
            [
                FieldPanel("x_url"),
                FieldPanel("instagram_url"),
                FieldPanel("facebook_url"),
                FieldPanel("line_url"),
                FieldPanel("youtube_url"),
            ],
            heading="SNS",
        ),
    ]

    class Meta:
        verbose_name = "問い合わせ先・SNS"
