"""Partners: schools and other sites that read the API and feeds with their own key and limits."""

import hashlib
import secrets
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F
from django.utils import timezone

KEY_PREFIX_LENGTH = 8
DEFAULT_PORTS = {"http": 80, "https": 443}


def hash_key(raw_key):
    """Keys are long random strings, so one fast SHA-256 is enough: there is nothing to guess."""
    return hashlib.sha256(raw_key.encode()).hexdigest()


def normalise_origin(value):
    """`scheme://host[:port]` in the form browsers send in the Origin header, or None.

    Lower-case scheme and host, no default port, no path: what an editor types
    ("https://School.example.jp:443/") and what a browser sends then compare equal.
    """
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        return None
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    if port and port != DEFAULT_PORTS[parts.scheme]:
        host = f"{host}:{port}"
    return f"{parts.scheme}://{host}"


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
        validators=[MinValueValidator(1)],
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

    def clean(self):
        invalid = [
            line.strip()
            for line in self.allowed_origins.splitlines()
            if line.strip() and normalise_origin(line) is None
        ]
        if invalid:
            raise ValidationError(
                {
                    "allowed_origins": "オリジンとして読めない行があります："
                    + "、".join(invalid)
                    + "。https://school.example.jp のように、http(s):// とホスト名"
                    "（必要ならポート番号）だけを書いてください。"
                }
            )

    def issue_key(self):
        """A new key for this partner; returns it in clear text, which is never stored."""
        # Hexadecimal: a double click selects all of it when copying from the admin, and it
        # needs no escaping in a URL or a header.
        raw_key = secrets.token_hex(32)
        self.key_prefix = raw_key[:KEY_PREFIX_LENGTH]
        self.key_hash = hash_key(raw_key)
        return raw_key

    def origins(self):
        """The allowed origins, normalised as browsers send them."""
        normalised = (normalise_origin(line) for line in self.allowed_origins.splitlines())
        return {origin for origin in normalised if origin}

    @classmethod
    def for_key(cls, raw_key):
        """The active partner with this key, or None."""
        return cls.objects.filter(key_hash=hash_key(raw_key), is_active=True).first()

    @classmethod
    def origin_is_known(cls, origin):
        """Whether any active partner allows this (normalised) origin."""
        # The substring filter lets the database skip most rows; origins() then rules out
        # partial matches such as https://school.example.jp.evil.example.
        candidates = cls.objects.filter(
            is_active=True, allowed_origins__icontains=urlsplit(origin).hostname or origin
        ).only("allowed_origins")
        return any(origin in partner.origins() for partner in candidates)

    def record_use(self):
        # One UPDATE without reading the row first, so concurrent requests never lose a count.
        Partner.objects.filter(pk=self.pk).update(
            request_count=F("request_count") + 1, last_used_at=timezone.now()
        )
