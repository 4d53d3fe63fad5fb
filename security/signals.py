"""Failed and successful sign-ins feed the login throttle (security/throttle.py), and a sign-in
to an account with an authenticator owes a code (security/twofactor/).

Django sends user_login_failed from authenticate() with the submitted credentials, the password
already replaced by asterisks; only the username is read from them.
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed

from .throttle import LOGIN, TWO_FACTOR, client_address
from .twofactor import CODE_CREDENTIAL
from .twofactor.session import require_code_if_enrolled

logger = logging.getLogger(__name__)


def count_failure(sender, credentials, request=None, **kwargs):
    username = str(credentials.get(get_user_model().USERNAME_FIELD, ""))
    address = client_address(request)
    # The code page (security/twofactor/) reports a wrong code with the code among the
    # credentials; it has its own count, which accepting the password does not clear.
    throttle = TWO_FACTOR if CODE_CREDENTIAL in credentials else LOGIN
    for reached in throttle.count(username, address):
        logger.warning(
            "Admin sign-in locked for %d minutes after %s: username=%r address=%s",
            throttle.window_seconds // 60,
            throttle.describe(reached),
            username,
            address,
        )


def forget_failures(sender, user, request=None, **kwargs):
    LOGIN.forget_subject(user.get_username())


def connect():
    user_login_failed.connect(count_failure, dispatch_uid="security.count_login_failure")
    user_logged_in.connect(forget_failures, dispatch_uid="security.forget_login_failures")
    user_logged_in.connect(
        require_code_if_enrolled, dispatch_uid="security.require_two_factor_code"
    )
