"""Failed and successful sign-ins feed the login throttle (security/throttle.py).

Django sends user_login_failed from authenticate() with the submitted credentials, the password
already replaced by asterisks; only the username is read from them.
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed

from .throttle import LOGIN, client_address

logger = logging.getLogger(__name__)


def count_failure(sender, credentials, request=None, **kwargs):
    username = str(credentials.get(get_user_model().USERNAME_FIELD, ""))
    address = client_address(request)
    for reached in LOGIN.count(username, address):
        logger.warning(
            "Admin sign-in locked for %d minutes after %s: username=%r address=%s",
            LOGIN.window_seconds // 60,
            LOGIN.describe(reached),
            username,
            address,
        )


def forget_failures(sender, user, request=None, **kwargs):
    LOGIN.forget_subject(user.get_username())


def connect():
    user_login_failed.connect(count_failure, dispatch_uid="security.count_login_failure")
    user_logged_in.connect(forget_failures, dispatch_uid="security.forget_login_failures")
