from django.db import models


class SampleContentMixin(models.Model):
    """Marks invented demonstration content, so no channel can present it as real."""

    is_sample = models.BooleanField(
        "サンプル",
        default=False,
        help_text="デモ用に作られた架空のデータです。公開サイトでは「サンプル」と表示されます。",
    )

    class Meta:
        abstract = True
