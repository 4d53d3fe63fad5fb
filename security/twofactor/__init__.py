"""Optional two-factor sign-in for staff: an authenticator app (TOTP) plus single-use backup codes,
on django-otp.

Wagtail's own sign-in form (home.editing.login.PortalLoginForm) and its throttle stay in front:
someone whose account has a confirmed authenticator is signed in by the password as before, but
their session is marked (session.py) and every URL sends them to the code page (middleware.py)
until a code is accepted. Accounts without one sign in as before. Set-up, backup codes and
removal are on the account page (views.py); an administrator resets a lost phone from the user
listing or with `manage.py reset_two_factor`.
"""

VERIFY_URL_NAME = "two_factor_verify"
# The name under which a wrong code is reported to user_login_failed among the credentials (the
# code itself replaced by asterisks, as Django does with a password); security/signals.py counts
# such failures apart from wrong passwords.
CODE_CREDENTIAL = "otp_token"
