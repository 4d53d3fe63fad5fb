"""The invitation link (/admin/invitation/<token>/): a new member sets a password and is in.

Outside Wagtail's admin URLs, which need a signed-in user. A link that is unknown, used or
expired gets one Japanese page saying so (404), whatever the reason, so a guessed token learns
nothing.
"""

from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from ..models import Invitation
from .members import accept

TEMPLATE = "home/admin/invitation.html"


@never_cache
@csrf_protect
def accept_invitation(request, token):
    invitation = Invitation.objects.select_related("account__page", "user").by_token(token)
    if invitation is None:
        return render(request, TEMPLATE, {"unusable": True}, status=404)
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = accept(invitation, form.cleaned_data["new_password1"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(reverse("wagtailadmin_home"))
    context = {"form": form, "group": invitation.account.page, "person": invitation.user}
    return render(request, TEMPLATE, context, status=400 if form.errors else 200)
