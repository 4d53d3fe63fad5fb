from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from home.loading.editors import APPROVERS, EDITORS, ensure_editor_roles
from home.models import HomePage

DEV_ADMIN_USERNAME = "admin"
DEV_ADMIN_PASSWORD = "kamagaya-dev"
# One person per role, to try the approval workflow as the city's clerks do (not superusers).
DEV_ROLE_USERS = {"henshu": EDITORS, "shonin": APPROVERS}


class Command(BaseCommand):
    help = (
        "Development set-up used by `make run`: on an empty database load the plan and the sample "
        "content; always bring the editor roles up to date and make sure the development admin "
        "and one 編集者 and one 承認者 exist. Refuses to run with DEBUG off."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("bootstrap_dev is for development only (DEBUG is off).")
        if HomePage.objects.exists():
            self.stdout.write("Content already loaded; leaving it as it is.")
        else:
            call_command("load_plan", stdout=self.stdout)
            call_command("load_demo", stdout=self.stdout)
        # A database made by an earlier version gets this version's roles (idempotent).
        ensure_editor_roles(HomePage.objects.get())
        self.ensure_admin()
        self.ensure_role_users()

    def ensure_admin(self):
        user_model = get_user_model()
        if not user_model.objects.filter(username=DEV_ADMIN_USERNAME).exists():
            user_model.objects.create_superuser(
                DEV_ADMIN_USERNAME, "admin@example.jp", DEV_ADMIN_PASSWORD
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Development admin: user '{DEV_ADMIN_USERNAME}', password '{DEV_ADMIN_PASSWORD}'"
            )
        )

    def ensure_role_users(self):
        user_model = get_user_model()
        for username, role in DEV_ROLE_USERS.items():
            user = user_model.objects.filter(username=username).first()
            if user is None:
                user = user_model.objects.create_user(
                    username, f"{username}@example.jp", DEV_ADMIN_PASSWORD
                )
            user.groups.set([Group.objects.get(name=role)])
            self.stdout.write(
                f"Development {role}: user '{username}', password '{DEV_ADMIN_PASSWORD}'"
            )
