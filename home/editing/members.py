"""Group members (団体アカウント): who may edit which pages, invitations, and removal.

Permissions are Wagtail's own page permission rows, kept in step here, so every admin screen
(explorer, edit views, workflow buttons) applies them without code of ours:
- the shared 団体メンバー role may add events under the event list (and, as Wagtail allows the
  owner of a page it can add, edit the events a member created until someone else owns them);
- each group's auth group may change the group's profile page and every published event that
  names the group among its organisers (both groups' members for a shared event).
Nobody here gets "publish": what members save goes to the 承認ワークフロー.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from wagtail.log_actions import log
from wagtail.models import GroupPagePermission, Page

from cms.public_address import absolute_url

from ..models import EventPage, GroupPage
from ..models.accounts import (
    MEMBERS,
    STAFF_ROLES,
    GroupAccount,
    Invitation,
    auth_group_name,
    member_group_pages,
)
from .member_mail import invitation_message

logger = logging.getLogger(__name__)


def permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def change_page_permission():
    return permission("wagtailcore", "change_page")


def account_for(page):
    """The group's account, created with its auth group and page permissions when missing."""
    account = GroupAccount.objects.filter(page=page).select_related("auth_group").first()
    if account is not None:
        return account
    with transaction.atomic():
        auth_group = Group.objects.create(name=auth_group_name(page))
        account = GroupAccount.objects.create(page=page, auth_group=auth_group)
        GroupPagePermission.objects.create(
            group=auth_group, page=page, permission=change_page_permission()
        )
        sync_account_events(account)
    return account


def sync_account_events(account):
    """Change permission on exactly the published events that name the group as organiser."""
    organised = set(EventPage.objects.filter(organisers=account.page).values_list("pk", flat=True))
    change = change_page_permission()
    rows = GroupPagePermission.objects.filter(group=account.auth_group, permission=change).exclude(
        page=account.page
    )
    rows.exclude(page_id__in=organised).delete()
    existing = set(rows.values_list("page_id", flat=True))
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=account.auth_group, page_id=page_id, permission=change)
        for page_id in organised - existing
    )


def sync_event_permissions(event):
    """After an event is published: its organisers' accounts, and only theirs, may change it."""
    accounts = GroupAccount.objects.filter(page__in=event.organisers.all())
    wanted = {account.auth_group_id for account in accounts}
    change = change_page_permission()
    rows = GroupPagePermission.objects.filter(
        page=event, permission=change, group__group_account__isnull=False
    )
    rows.exclude(group_id__in=wanted).delete()
    existing = set(rows.values_list("group_id", flat=True))
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group_id=group_id, page=event, permission=change)
        for group_id in wanted - existing
    )


def keep_member_permissions_in_step(sender, instance, **kwargs):
    """page_published: an event's organisers decide who may change it; a group's new name is
    its auth group's."""
    page = instance.specific if type(instance) is Page else instance
    if isinstance(page, EventPage):
        sync_event_permissions(page)
    elif isinstance(page, GroupPage):
        Group.objects.filter(group_account__page=page).update(name=auth_group_name(page))


def member_accounts(user):
    """The accounts a user belongs to."""
    return GroupAccount.objects.filter(auth_group__user=user).select_related("page")


def is_group_member_only(user):
    """A member of some group with no city role: the admin shows them their own pages only."""
    return member_group_pages(user) is not None


def pages_member_may_edit(user):
    """The ids of the pages a group member may edit: granted ones and the events they own."""
    granted = GroupPagePermission.objects.filter(
        group__user=user, permission__codename="change_page"
    ).values("page_id")
    return Page.objects.filter(
        Q(pk__in=granted) | Q(owner=user, content_type__model="eventpage")
    ).values("pk")


def member_visible_pages(user):
    """What a group member sees in the admin: the pages they may edit or add pages under (the
    event list), and the sections above them."""
    may_add_under = GroupPagePermission.objects.filter(
        group__user=user, permission__codename="add_page"
    ).values("page_id")
    own = Page.objects.filter(Q(pk__in=pages_member_may_edit(user)) | Q(pk__in=may_add_under))
    visible = Page.objects.none()
    for page in own.only("path", "depth"):
        visible |= Page.objects.ancestor_of(page, inclusive=True)
    return visible.values("pk")


# Invitations


def invitation_url(token):
    return absolute_url(f"/admin/invitation/{token}/")


def invite(page, email, name="", invited_by=None):
    """Invite `email` to edit `page`'s group: the person (created without a password when new),
    a one-time link valid for 7 days, sent by e-mail. Returns (invitation, link)."""
    User = get_user_model()
    email = User.objects.normalize_email(email).strip()
    account = account_for(page)
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User(username=email, email=email)
            user.set_unusable_password()
        if name:
            user.last_name, user.first_name = name, ""
        user.save()
        invitation, token = Invitation.issue(account, user, invited_by)
        log(
            instance=account,
            action="home.member_invited",
            user=invited_by,
            data={"email": email, "name": name},
        )
    link = invitation_url(token)
    invitation.mailed = send_invitation(invitation, link)
    return invitation, link


def send_invitation(invitation, link):
    """Send the invitation; False (and a log line) when the mail server fails, so the person
    inviting can pass the link on another way instead of losing the invitation."""
    try:
        invitation_message(invitation, link).send()
    except OSError:
        logger.exception("Invitation not mailed: the mail server failed")
        return False
    return True


def mail_server_configured():
    """Whether mail leaves this machine (an SMTP backend), as opposed to a console or file."""
    backend = import_string(settings.EMAIL_BACKEND)
    return issubclass(backend, SmtpBackend) and bool(getattr(settings, "EMAIL_HOST", ""))


def accept(invitation, password):
    """The invited person sets a password and joins the group; the link is used up."""
    user = invitation.user
    with transaction.atomic():
        user.set_password(password)
        user.is_active = True
        user.save()
        user.groups.add(invitation.account.auth_group, Group.objects.get(name=MEMBERS))
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        log(instance=invitation.account, action="home.member_joined", user=user)
    return user


def remove_member(account, user, removed_by=None):
    """Take `user` out of the group at once. Someone left in no group and with no city role
    is signed out everywhere (their password is made unusable, which ends every session) and
    deactivated; their unused invitations to this group are withdrawn."""
    with transaction.atomic():
        user.groups.remove(account.auth_group)
        Invitation.objects.filter(account=account, user=user).usable().delete()
        staying = member_accounts(user).exists()
        if not staying:
            user.groups.remove(*Group.objects.filter(name=MEMBERS))
            if not user.groups.filter(name__in=STAFF_ROLES).exists():
                user.set_unusable_password()
                user.is_active = False
                user.save()
        log(
            instance=account,
            action="home.member_removed",
            user=removed_by,
            data={"email": user.email},
        )
