from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from home.models import HomePage

DEV_ADMIN_USERNAME = "admin"
DEV_ADMIN_PASSWORD = "kamagaya-dev"


class Command(BaseCommand):
    help = (
        "Development set-up used by `make run`: on an empty database load the plan and the sample "
        "content, and make sure the development admin user exists. Refuses to run with DEBUG off."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("bootstrap_dev is for development only (DEBUG is off).")
        if HomePage.objects.exists():
            self.stdout.write("Content already loaded; leaving it as it is.")
        else:
            call_command("load_plan", stdout=self.stdout)
            call_command("load_demo", stdout=self.stdout)
        self.ensure_admin()

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
