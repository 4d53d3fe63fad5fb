"""`make run`'s set-up gives a development database the plan, the samples, this version's roles
and one person per role, so the approval workflow can be tried as the city's clerks use it."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_bootstrap_makes_a_superuser_and_one_person_per_role_and_can_run_again():
    call_command("bootstrap_dev", stdout=io.StringIO())
    call_command("bootstrap_dev", stdout=io.StringIO())

    people = {
        user.username: (user.is_superuser, [group.name for group in user.groups.all()])
        for user in User.objects.order_by("username")
    }
    assert people == {
        "admin": (True, []),
        "henshu": (False, ["編集者"]),
        "shonin": (False, ["承認者"]),
    }
    assert User.objects.get(username="henshu").check_password("kamagaya-dev")
