"""The code page after the password, the account's 二段階認証 pages (status, set-up, backup
codes, removal) and an administrator's reset for a lost phone. All under /admin/two-factor/."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import FormView, TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..throttle import TWO_FACTOR
from . import CODE_CREDENTIAL, VERIFY_URL_NAME
from .devices import (
    BACKUP_CODE_COUNT,
    backup_codes_left,
    confirm_authenticator,
    has_authenticator,
    new_backup_codes,
    pending_authenticator,
    qr_code_svg,
    remove_devices,
    secret_for_manual_entry,
)
from .forms import CodeForm, PasswordConfirmationForm, SetupForm
from .session import code_accepted, no_code_owed

STATUS_URL_NAME = "two_factor"
SETUP_URL_NAME = "two_factor_setup"
BACKUP_CODES_URL_NAME = "two_factor_backup_codes"
REMOVE_URL_NAME = "two_factor_remove"
RESET_URL_NAME = "two_factor_reset"
TITLE = "二段階認証"
TEMPLATES = "security/two_factor"


def next_url(request):
    """Where the code page goes on to: the page asked for, if it is on this site."""
    url = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return reverse("wagtailadmin_home")


class VerifyView(FormView):
    template_name = f"{TEMPLATES}/verify.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_verified():
            return redirect(next_url(request))
        if not has_authenticator(request.user):
            no_code_owed(request)
            return redirect(next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        code_accepted(self.request, form.user.otp_device)
        TWO_FACTOR.forget_subject(self.request.user.get_username())
        return redirect(next_url(self.request))

    def form_invalid(self, form):
        if form.wrong_code():
            # A sign-in that failed at its second step: counted by security/signals.py, which
            # tells it from a wrong password by the code among the credentials.
            user_login_failed.send(
                sender=type(form),
                credentials={
                    get_user_model().USERNAME_FIELD: self.request.user.get_username(),
                    CODE_CREDENTIAL: "********",
                },
                request=self.request,
            )
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=next_url(self.request), **kwargs)


class TwoFactorPageMixin(WagtailAdminTemplateMixin):
    page_title = TITLE
    header_icon = "lock"
    breadcrumbs_items = []
    needs_authenticator = True

    def dispatch(self, request, *args, **kwargs):
        needs = self.needs_authenticator
        if needs is not None and needs != has_authenticator(request.user):
            return redirect(STATUS_URL_NAME)
        return super().dispatch(request, *args, **kwargs)

    def show_backup_codes(self, codes):
        context = self.get_context_data(codes=codes, page_subtitle="バックアップコード")
        return TemplateResponse(self.request, f"{TEMPLATES}/backup_codes.html", context)


class StatusView(TwoFactorPageMixin, TemplateView):
    template_name = f"{TEMPLATES}/status.html"
    needs_authenticator = None

    def get_context_data(self, **kwargs):
        enabled = has_authenticator(self.request.user)
        return super().get_context_data(
            enabled=enabled,
            codes_left=backup_codes_left(self.request.user) if enabled else 0,
            **kwargs,
        )


class SetupView(TwoFactorPageMixin, FormView):
    template_name = f"{TEMPLATES}/setup.html"
    needs_authenticator = False

    @cached_property
    def device(self):
        return pending_authenticator(self.request.user)

    def get_form(self, form_class=None):
        return SetupForm(self.request.user, self.request, self.device, **self.get_form_kwargs())

    def form_valid(self, form):
        codes = confirm_authenticator(self.device)
        code_accepted(self.request, self.device)
        messages.success(self.request, "二段階認証を設定しました。")
        return self.show_backup_codes(codes)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            qr_code=qr_code_svg(self.device),
            secret=secret_for_manual_entry(self.device),
            **kwargs,
        )


class PasswordConfirmedView(TwoFactorPageMixin, FormView):
    def get_form(self, form_class=None):
        return PasswordConfirmationForm(self.request.user, self.request, **self.get_form_kwargs())


class BackupCodesView(PasswordConfirmedView):
    """New backup codes, shown once; the old ones stop working."""

    template_name = f"{TEMPLATES}/backup_codes.html"

    def form_valid(self, form):
        return self.show_backup_codes(new_backup_codes(self.request.user))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            codes_left=backup_codes_left(self.request.user),
            code_count=BACKUP_CODE_COUNT,
            **kwargs,
        )


class RemoveView(PasswordConfirmedView):
    template_name = f"{TEMPLATES}/remove.html"

    def form_valid(self, form):
        remove_devices(self.request.user, removed_by=self.request.user)
        no_code_owed(self.request)
        messages.success(self.request, "二段階認証を解除しました。")
        return redirect(STATUS_URL_NAME)


def may_reset(request_user, user):
    """Those who may edit users may reset theirs, but only a superuser a superuser's."""
    return request_user.has_perm("auth.change_user") and (
        request_user.is_superuser or not user.is_superuser
    )


class ResetView(WagtailAdminTemplateMixin, TemplateView):
    """For a lost phone: an administrator removes another user's authenticator and backup codes,
    so that they sign in with the password alone (and can set up a new phone)."""

    template_name = f"{TEMPLATES}/reset.html"
    page_title = "二段階認証のリセット"
    header_icon = "lock"
    breadcrumbs_items = []

    def dispatch(self, request, user_id):
        self.person = get_object_or_404(get_user_model(), pk=user_id)
        if self.person == request.user:
            return redirect(REMOVE_URL_NAME)
        if not may_reset(request.user, self.person):
            return permission_denied(request)
        return super().dispatch(request, user_id)

    def post(self, request, user_id):
        username = self.person.get_username()
        if remove_devices(self.person, removed_by=request.user):
            messages.success(request, f"{username} さんの二段階認証をリセットしました。")
        else:
            messages.warning(request, f"{username} さんは二段階認証を使っていません。")
        return redirect("wagtailusers_users:index")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            person=self.person, enabled=has_authenticator(self.person), **kwargs
        )


def urls():
    return [
        path("two-factor/", StatusView.as_view(), name=STATUS_URL_NAME),
        path("two-factor/verify/", VerifyView.as_view(), name=VERIFY_URL_NAME),
        path("two-factor/setup/", SetupView.as_view(), name=SETUP_URL_NAME),
        path("two-factor/backup-codes/", BackupCodesView.as_view(), name=BACKUP_CODES_URL_NAME),
        path("two-factor/remove/", RemoveView.as_view(), name=REMOVE_URL_NAME),
        path("two-factor/reset/<int:user_id>/", ResetView.as_view(), name=RESET_URL_NAME),
    ]
