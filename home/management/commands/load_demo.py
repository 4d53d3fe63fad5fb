from django.core.management.base import BaseCommand

from home.loading.demo import load_demo
from home.loading.plan import load_plan, load_taxonomies
from home.loading.site import ensure_site_tree
from home.models import ActionPage


class Command(BaseCommand):
    help = (
        "Create or update invented SAMPLE groups, events, venues, notices and images, every one "
        "marked 「（サンプル）」, with event dates relative to today. Loads the plan first if it is "
        "missing, since sample content links to its actions. Idempotent on the same day."
    )

    def handle(self, *args, **options):
        home = ensure_site_tree()
        if not ActionPage.objects.exists():
            load_taxonomies()
            load_plan(home)
        changed = load_demo(home)
        self.stdout.write(self.style.SUCCESS(f"Sample content loaded: {changed} items changed."))
