"""Whether a signed-in session still owes a code.

Decided once, when the password is accepted (user_logged_in), and kept in the session: the
middleware then costs no query on the requests of the many accounts without an authenticator.
A session signed in before its account turned two-factor sign-in on is left as it was.
"""

from django.conf import settings
from django_otp import login as otp_login

from .devices import has_authenticator

CODE_REQUIRED_KEY = "two_factor_code_required"


def require_code_if_enrolled(sender, user, request=None, **kwargs):
    if request is not None and hasattr(request, "session") and has_authenticator(user):
        request.session[CODE_REQUIRED_KEY] = True


def code_required(request):
    """Signed in, enrolled at the time, and no code accepted yet in this session."""
    return (
        # Without a session cookie, reading the session would add Vary: Cookie to every
        # anonymous response.
        settings.SESSION_COOKIE_NAME in request.COOKIES
        and request.session.get(CODE_REQUIRED_KEY, False)
        and request.user.is_authenticated
        and not request.user.is_verified()
    )


def code_accepted(request, device):
    otp_login(request, device)
    request.session.pop(CODE_REQUIRED_KEY, None)


def no_code_owed(request):
    """The account has no authenticator any more (removed, or reset by an administrator)."""
    request.session.pop(CODE_REQUIRED_KEY, None)
