"""Sends a session that owes a code (session.py) to the code page, whatever it asks for: the
admin, previews, documents in private collections, the API with a preview token.

Only the sign-in and sign-out, the code page itself and what Wagtail's sign-in page loads (its
icons, its translations, static files) pass. Installed after django-otp's OTPMiddleware, which
tells whether this session's code was accepted.
"""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode

from . import VERIFY_URL_NAME
from .session import code_required

PASSING_URL_NAMES = frozenset(
    {
        VERIFY_URL_NAME,
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_sprite",
    }
)


def passes(request):
    if settings.STATIC_URL and request.path.startswith(settings.STATIC_URL):
        return True
    try:
        return resolve(request.path_info).url_name in PASSING_URL_NAMES
    except Resolver404:
        return False


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if code_required(request) and not passes(request):
            next_url = request.get_full_path()
            return redirect(f"{reverse(VERIFY_URL_NAME)}?{urlencode({'next': next_url})}")
        return self.get_response(request)
