"""The fixed lists editors choose from; GraphQL enums, feeds and filters are built from them."""

from django.db import models


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", "開催予定"
    CANCELLED = "cancelled", "中止"
    POSTPONED = "postponed", "延期"


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", "会場で開催"
    ONLINE = "online", "オンライン"
    HYBRID = "hybrid", "会場とオンライン（ハイブリッド）"


class OrganisationType(models.TextChoices):
    CITIZEN_GROUP = "citizen_group", "市民公益活動団体"
    NPO = "npo", "NPO法人"
    NEIGHBOURHOOD = "neighbourhood", "自治会・町会"
    BUSINESS = "business", "事業者"
    EDUCATION = "education", "教育機関"
    GOVERNMENT = "government", "行政"
    OTHER = "other", "その他"


class SnsService(models.TextChoices):
    X = "x", "X（旧Twitter）"
    INSTAGRAM = "instagram", "Instagram"
    FACEBOOK = "facebook", "Facebook"
    LINE = "line", "LINE"
    YOUTUBE = "youtube", "YouTube"
    OTHER = "other", "その他"


class NoticePriority(models.TextChoices):
    NORMAL = "normal", "通常"
    IMPORTANT = "important", "重要"
    EMERGENCY = "emergency", "緊急"


class ActionStatus(models.TextChoices):
    EXISTING = "existing", "既存"
    NEW = "new", "新規"


class ImplementationStatus(models.TextChoices):
    DONE = "done", "実施"
    PARTIAL = "partial", "一部実施"
    NOT_DONE = "not_done", "未実施"
