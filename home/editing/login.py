"""The admin's sign-in form, labelled in Japanese.

Wagtail's password field has no label, so Django shows the field's name, "Password", which no
catalogue translates; Wagtail's catalogue does translate the same word given as a label.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


class PortalLoginForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
