"""メンバーと招待: where a 承認者 sees a group's members, invites one, and removes one.

Reached from the group page's header menu in the admin (「メンバーと招待」). Only 承認者 (and
superusers) manage members; everyone else gets Wagtail's permission-denied redirect.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button

from ..models import GroupPage, Invitation
from ..models.accounts import APPROVERS
from .members import account_for, invite, remove_member

URL_NAME = "group_members"


def manages_members(user):
    return user.is_superuser or user.groups.filter(name=APPROVERS).exists()


class InviteForm(forms.Form):
    name = forms.CharField(label="名前", max_length=150, help_text="メールの宛名になります。")
    email = forms.EmailField(label="メールアドレス")


class GroupMembersView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "home/admin/group_members.html"
    header_icon = "group"
    breadcrumbs_items = []

    def dispatch(self, request, page_id):
        if not manages_members(request.user):
            return permission_denied(request)
        self.group = get_object_or_404(GroupPage, pk=page_id)
        return super().dispatch(request, page_id)

    def get_page_title(self):
        return f"メンバーと招待：{self.group.title}"

    def post(self, request, page_id):
        if "remove" in request.POST:
            account = account_for(self.group)
            member = account.members.filter(pk=request.POST["remove"]).first()
            if member is not None:
                remove_member(account, member, removed_by=request.user)
                messages.success(request, f"{member.email} をメンバーから外しました。")
            return redirect(reverse(URL_NAME, args=[self.group.pk]))
        form = InviteForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        invitation, link = invite(
            self.group, form.cleaned_data["email"], form.cleaned_data["name"], request.user
        )
        if invitation.mailed:
            messages.success(
                request, f"{invitation.user.email} に招待メールを送りました（7日間有効）。"
            )
        else:
            messages.warning(
                request,
                f"メールを送れませんでした。次のリンク（7日間有効、一度だけ使えます）を"
                f"{invitation.user.email} の方に直接伝えてください：{link}",
            )
        return redirect(reverse(URL_NAME, args=[self.group.pk]))

    def get_context_data(self, form=None, **kwargs):
        account = account_for(self.group)
        return super().get_context_data(
            group=self.group,
            members=account.members,
            pending=Invitation.objects.usable().filter(account=account).select_related("user"),
            form=form or InviteForm(),
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.group.pk]),
            **kwargs,
        )


@hooks.register("register_admin_urls")
def register_group_members_url():
    return [path("group-members/<int:page_id>/", GroupMembersView.as_view(), name=URL_NAME)]


@hooks.register("register_page_header_buttons")
def group_members_button(page, user, view_name, next_url=None):
    if isinstance(page.specific_deferred, GroupPage) and manages_members(user):
        yield Button(
            "メンバーと招待",
            reverse(URL_NAME, args=[page.pk]),
            icon_name="group",
            priority=60,
        )
