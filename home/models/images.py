from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class CustomImage(AbstractImage):
    """Wagtail's image with alt text required, so no picture reaches a screen reader unnamed."""

    description = models.CharField(
        max_length=255,
        verbose_name="代替テキスト",
        help_text="画像の内容を短い文で説明してください（例：公民館で子どもたちが工作をしている様子）。"
        "目の不自由な方の読み上げに使われます。",
    )

    admin_form_fields = Image.admin_form_fields

    class Meta(AbstractImage.Meta):
        verbose_name = "画像"
        verbose_name_plural = "画像"
        permissions = [("choose_customimage", "Can choose image")]


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
