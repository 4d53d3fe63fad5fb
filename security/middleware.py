"""The Content-Security-Policy on every response, and the gate in front of the admin's sign-in and
password-reset forms.

Django's SecurityMiddleware adds the other headers (nosniff, Referrer-Policy, HSTS over https);
the CSP middleware sits just inside it and outside whitenoise and the response cache, so static
files, cached answers, refusals and error pages all get a policy too.
"""

import logging

from django.urls import reverse

from .policies import build_policies
from .throttle import LOGIN, PASSWORD_RESET, TWO_FACTOR, client_address
from .twofactor import VERIFY_URL_NAME
from .views import (
    ADMIN_PREFIX,
    LOGIN_LOCKED_MESSAGE,
    PASSWORD_RESET_LOCKED_MESSAGE,
    TWO_FACTOR_LOCKED_MESSAGE,
    too_many_attempts,
)

logger = logging.getLogger(__name__)

GRAPHQL_PREFIX = "/graphql/"
CSP_HEADER = "Content-Security-Policy"


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policies = build_policies()

    def __call__(self, request):
        response = self.get_response(request)
        # A view that set its own policy knows better (Wagtail serves documents with
        # default-src 'none', stricter than any page's).
        if CSP_HEADER not in response:
            response[CSP_HEADER] = self.policy_for(request, response)
        return response

    def policy_for(self, request, response):
        path = request.path_info
        # Wagtail renders a preview by sending a stand-in request for the page's own URL through
        # the middleware (is_dummy); the admin shows the result in its preview panel's iframe.
        if path.startswith(ADMIN_PREFIX) or getattr(request, "is_dummy", False):
            return self.policies.admin
        if path.startswith(GRAPHQL_PREFIX) and response.get("Content-Type", "").startswith(
            "text/html"
        ):
            # The only HTML /graphql/ answers with is GraphiQL, offered with DEBUG on.
            return self.policies.graphiql
        return self.policies.public


class AdminSignInThrottleMiddleware:
    """Refuses sign-in, two-factor code and password-reset POSTs with 429 while a counter is at its
    limit, before the form, and so the password or code, is looked at. Failed sign-ins are
    counted where Django reports them (security/signals.py); every password-reset request
    counts, as each sends mail.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST":
            return self.get_response(request)
        path = request.path_info
        address = client_address(request)
        if path == reverse("wagtailadmin_login"):
            if LOGIN.is_locked(request.POST.get("username", ""), address):
                return too_many_attempts(request, LOGIN_LOCKED_MESSAGE, LOGIN.window_seconds)
        elif path == reverse(VERIFY_URL_NAME):
            if TWO_FACTOR.is_locked(request.user.get_username(), address):
                return too_many_attempts(
                    request, TWO_FACTOR_LOCKED_MESSAGE, TWO_FACTOR.window_seconds
                )
        elif path == reverse("wagtailadmin_password_reset"):
            email = request.POST.get("email", "")
            if PASSWORD_RESET.is_locked(email, address):
                return too_many_attempts(
                    request, PASSWORD_RESET_LOCKED_MESSAGE, PASSWORD_RESET.window_seconds
                )
            for reached in PASSWORD_RESET.count(email, address):
                logger.warning(
                    "Password reset refused for %d minutes after %s: email=%r address=%s",
                    PASSWORD_RESET.window_seconds // 60,
                    PASSWORD_RESET.describe(reached),
                    email,
                    address,
                )
        return self.get_response(request)
