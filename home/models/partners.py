"""Partners: schools and other sites that read the API and feeds with their own key and limits."""

import hashlib
import secrets

from django.db import models
from django.db.models import F
from django.utils import timezone

KEY_PREFIX_LENGTH = 8
ANONYMOUS_RATE_LIMIT_PER_MINUTE = 60


def hash_key(raw_key):
    """Keys are long random strings, so one fast SHA-256 is enough: there is nothing to guess."""
    return hashlib.sha256(raw_key.encode()).hexdigest()


class PartnerKind(models.TextChoices):
    SCHOOL = "school", "学校"
    OTHER = "other", "その他"


class Partner(models.Model):
    """A school portal or other site using the API; its key is shown once and stored as a hash."""

    name = models.CharField("名称", max_length=200)
    kind = models.CharField(
        "種別", max_length=10, choices=PartnerKind.choices, default=PartnerKind.SCHOOL
    )
    contact_name = models.CharField("担当者", max_length=100, blank=True)
    contact_email = models.EmailField("担当者メール", blank=True)
    allowed_origins = models.TextField(
        "許可するオリジン（CORS）",
        blank=True,
        help_text="ブラウザーからAPIを呼ぶサイトのオリジンを1行に1つ（例：https://school.example.jp）。",
    )
    rate_limit_per_minute = models.PositiveIntegerField(
        "1分あたりの上限回数",
        default=600,
        help_text="超えると429（しばらく待ってから）を返します。",
    )
    is_active = models.BooleanField(
        "有効", default=True, help_text="外すとこのキーは使えなくなります（401）。"
    )
    key_prefix = models.CharField("キーの先頭", max_length=KEY_PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("登録日時", auto_now_add=True)
    last_used_at = models.DateTimeField("最終利用日時", null=True, blank=True, editable=False)
    request_count = models.PositiveBigIntegerField("利用回数", default=0, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = "連携先"
        verbose_name_plural = "連携先"

    def __str__(self):
        return self.name

    def issue_key(self):
        """A new key for this partner; returns it in clear text, which is never stored."""
        raw_key = secrets.token_urlsafe(32)
        self.key_prefix = raw_key[:KEY_PREFIX_LENGTH]
        self.key_hash = hash_key(raw_key)
        return raw_key

    def origins(self):
        return {
            line.strip().rstrip("/") for line in self.allowed_origins.splitlines() if line.strip()
        }

    @classmethod
    def for_key(cls, raw_key):
        """The active partner with this key, or None."""
        return cls.objects.filter(key_hash=hash_key(raw_key), is_active=True).first()

    def record_use(self):
        # One UPDATE without reading the row first, so concurrent requests never lose a count.
        Partner.objects.filter(pk=self.pk).update(
            request_count=F("request_count") + 1, last_used_at=timezone.now()
        )
