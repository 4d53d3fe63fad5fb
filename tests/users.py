"""Users in the editors' roles, as every admin test needs them (one helper, not a copy per file)."""

from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

TEST_PASSWORD = "kamagaya-test-password"


def member_of(group_name, username=None, password=TEST_PASSWORD):
    """A new user in the named group (編集者, 承認者, …), able to log in with `password`."""
    user = User.objects.create_user(username or f"user-{group_name}", password=password)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def logged_in(user):
    """A test client signed in as the user."""
    client = Client()
    client.force_login(user)
    return client


def edit_url(page):
    """The admin's edit view of a page."""
    return reverse("wagtailadmin_pages:edit", args=[page.pk])
