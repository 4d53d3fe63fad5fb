"""団体アカウント: members of a citizen group who edit their own group's profile and events.

Each group with members has a GroupAccount, which owns a Django auth group ("団体：<name>").
Wagtail's own page permissions carry the rest (home/editing/members.py keeps them in step): the
account's auth group may change the group's profile page and every event the group organises,
and every member, through the shared 団体メンバー role, may add events. What members submit goes
through the 承認ワークフロー; they never publish.

An Invitation is a one-time link, valid for 7 days, with which a new member sets a password.
Only the token's SHA-256 is stored, so a copy of the database cannot be used to sign in.
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils import timezone

INVITATION_VALID_FOR = dt.timedelta(days=7)
# The admin's roles (auth groups; home/loading/editors.py gives them their permissions): the
# city's 編集者 write and submit, its 承認者 approve and publish, and every group member has
# 団体メンバー besides their group's own auth group.
EDITORS = "編集者"
APPROVERS = "承認者"
MEMBERS = "団体メンバー"
STAFF_ROLES = (EDITORS, APPROVERS)
AUTH_GROUP_PREFIX = "団体："
# Django's Group.name is at most 150 characters; the page id keeps shortened names apart.
AUTH_GROUP_NAME_LENGTH = 150


def auth_group_name(page):
    name = f"{AUTH_GROUP_PREFIX}{page.title}"
    suffix = f" (#{page.pk})"
    return name[: AUTH_GROUP_NAME_LENGTH - len(suffix)] + suffix


class GroupAccount(models.Model):
    """A citizen group's account: the auth group its members belong to."""

    page = models.OneToOneField(
        "home.GroupPage",
        on_delete=models.CASCADE,
        related_name="account",
        verbose_name="団体",
    )
    auth_group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="group_account", verbose_name="権限グループ"
    )
    created_at = models.DateTimeField("作成日時", auto_now_add=True)

    class Meta:
        verbose_name = "団体アカウント"
        verbose_name_plural = "団体アカウント"

    def __str__(self):
        return self.page.title

    @property
    def members(self):
        return self.auth_group.user_set.filter(is_active=True).order_by("last_name", "first_name")


def token_digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def usable(self, now=None):
        return self.filter(accepted_at__isnull=True, expires_at__gt=now or timezone.now())

    def by_token(self, token, now=None):
        """The usable invitation the token opens, or None."""
        return self.usable(now).filter(token_sha256=token_digest(token)).first()


class Invitation(models.Model):
    """A one-time link for a new member to set a password; valid for 7 days."""

    account = models.ForeignKey(
        GroupAccount, on_delete=models.CASCADE, related_name="invitations", verbose_name="団体"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="group_invitations",
        verbose_name="招待された人",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="招待した人",
    )
    token_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("招待日時", default=timezone.now)
    expires_at = models.DateTimeField("有効期限")
    accepted_at = models.DateTimeField("利用日時", null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "招待"
        verbose_name_plural = "招待"

    def __str__(self):
        return f"{self.account}: {self.user.email}"

    @classmethod
    def issue(cls, account, user, invited_by=None, now=None):
        """A new invitation and its token (the token is not stored; show or send it once)."""
        now = now or timezone.now()
        token = secrets.token_urlsafe(32)
        invitation = cls.objects.create(
            account=account,
            user=user,
            invited_by=invited_by,
            token_sha256=token_digest(token),
            created_at=now,
            expires_at=now + INVITATION_VALID_FOR,
        )
        return invitation, token


def member_group_pages(user):
    """{page id: title} of the groups a group member belongs to, or None for anyone else (city
    staff in a role, superusers, anonymous): what limits a member to their own groups' pages."""
    if user is None or not user.is_authenticated or user.is_superuser:
        return None
    # Asked several times a request (permission policy, hooks, forms): read once per user object.
    roles = getattr(user, "_portal_role_names", None)
    if roles is None:
        roles = user._portal_role_names = set(user.groups.values_list("name", flat=True))
    if MEMBERS not in roles or roles & set(STAFF_ROLES):
        return None
    accounts = GroupAccount.objects.filter(auth_group__user=user).order_by("page__title")
    return dict(accounts.values_list("page_id", "page__title"))
