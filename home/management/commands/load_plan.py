from django.core.management.base import BaseCommand

from home.loading.editors import ensure_editor_roles
from home.loading.plan import load_plan, load_taxonomies
from home.loading.site import ensure_site_tree


class Command(BaseCommand):
    help = (
        "Create or update the site tree, the action plan (4 visions, 22 actions), the activity "
        "fields and audiences, and the editor roles with their approval workflow. Idempotent."
    )

    def handle(self, *args, **options):
        home = ensure_site_tree()
        changed_rows = load_taxonomies()
        changed_pages = load_plan(home)
        ensure_editor_roles(home)
        self.stdout.write(
            self.style.SUCCESS(
                f"Plan loaded: {changed_pages} pages and {changed_rows} taxonomy rows changed."
            )
        )
