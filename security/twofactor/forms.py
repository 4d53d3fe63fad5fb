"""The code form after the password, and the set-up and removal forms, in Japanese (django-otp's
own messages included)."""

from django import forms
from django.contrib.auth import authenticate
from django.core.exceptions import NON_FIELD_ERRORS
from django_otp.forms import OTPAuthenticationFormMixin

from ..throttle import LOGIN, client_address
from ..views import LOGIN_LOCKED_MESSAGE
from .devices import TOTP_DIGITS, device_for_code

WRONG_PASSWORD_MESSAGE = "パスワードが正しくありません。"
# Every message django-otp's form mixin can give (the challenge ones belong to devices that send
# a code, which this site does not offer); n_failed_attempts is formatted with its count.
OTP_ERROR_MESSAGES = {
    "token_required": "確認コードを入力してください。",
    "challenge_exception": "確認コードを送れませんでした：{0}",
    "not_interactive": "この認証方法では確認コードを送れません。",
    "challenge_message": "確認コードを送りました：{0}",
    "invalid_token": "確認コードが正しくありません。もう一度入力してください。",
    "n_failed_attempts": (
        "確認コードの誤りが%(failure_count)d回続いたため、少しの間受け付けられません。"
        "数十秒待ってから、認証アプリに表示されている新しいコードを入力してください。"
    ),
    "verification_not_allowed": "いまは確認コードを受け付けられません。しばらくしてからもう一度お試しください。",
    "device_required": "確認コードを入力してください。",
}


def normalised_code(code):
    """As people type a code: spaces or hyphens in it, backup codes in capitals."""
    return "".join(code.split()).replace("-", "").lower()


class CodeField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(label="確認コード", required=False, max_length=20, **kwargs)
        self.widget.attrs.update(
            autocomplete="one-time-code", autocapitalize="off", spellcheck="false"
        )

    def to_python(self, value):
        return normalised_code(super().to_python(value))


class CodeForm(OTPAuthenticationFormMixin, forms.Form):
    """A code from the user's authenticator app, or one of their backup codes."""

    otp_error_messages = OTP_ERROR_MESSAGES
    otp_token = CodeField(
        help_text=f"認証アプリに表示されている{TOTP_DIGITS}桁の数字、またはバックアップコード"
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def _chosen_device(self, user):
        return device_for_code(user, self.cleaned_data.get("otp_token") or "")

    def clean(self):
        super().clean()
        self.clean_otp(self.user)
        return self.cleaned_data

    def wrong_code(self):
        return self.has_error(NON_FIELD_ERRORS, "invalid_token")


class PasswordConfirmationForm(forms.Form):
    """The current password, asked again before two-factor sign-in is changed. Checked like a
    sign-in: wrong passwords count towards the sign-in limit, and none is checked past it."""

    password = forms.CharField(label="現在のパスワード", strip=False, widget=forms.PasswordInput)

    def __init__(self, user, request, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request
        self.fields["password"].widget.attrs.update(autocomplete="current-password")

    def clean_password(self):
        password = self.cleaned_data["password"]
        username = self.user.get_username()
        if LOGIN.is_locked(username, client_address(self.request)):
            raise forms.ValidationError(
                LOGIN_LOCKED_MESSAGE.format(minutes=LOGIN.window_seconds // 60)
            )
        authenticated = authenticate(self.request, username=username, password=password)
        if authenticated is None or authenticated.pk != self.user.pk:
            raise forms.ValidationError(WRONG_PASSWORD_MESSAGE)
        return password


class SetupForm(OTPAuthenticationFormMixin, PasswordConfirmationForm):
    """The password and the first code the new authenticator shows, which confirms it."""

    otp_error_messages = OTP_ERROR_MESSAGES
    otp_token = CodeField(help_text=f"認証アプリに表示されている{TOTP_DIGITS}桁の数字")

    def __init__(self, user, request, device, *args, **kwargs):
        super().__init__(user, request, *args, **kwargs)
        self.device = device

    def _chosen_device(self, user):
        return type(self.device).objects.select_for_update().filter(pk=self.device.pk).first()

    def clean(self):
        super().clean()
        # A code is only tried with the right password: the form cannot be used to guess one.
        if not self.errors:
            self.clean_otp(self.user)
        return self.cleaned_data
