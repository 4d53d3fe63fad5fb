"""Indexes for counting an event window from the sessions alone (EventPageQuerySet.count): the
window's sessions with what picks each event's next one, and the pages that are not public.

Date queries now also skip sessions that began more than LONGEST_SESSION_DAYS before their
window (home.models.events.next_session_in_window), so a longer session stops the upgrade.
"""

import datetime as dt

from django.db import migrations, models
from django.db.models import F

# As home.models.limits.LONGEST_SESSION_DAYS when this migration was written.
LONGEST_SESSION_DAYS = 366

# Wagtail's page table is not this app's, so its index is plain SQL (the same on PostgreSQL and
# SQLite). It holds only drafts, unpublished and expiring pages: the few NotPublicPageIds reads.
NOT_PLAINLY_PUBLIC_PAGES = (
    "CREATE INDEX home_page_not_plainly_public ON wagtailcore_page (id) "
    "WHERE NOT live OR expire_at IS NOT NULL"
)


def check_no_session_is_too_long(apps, schema_editor):
    """A longer session would vanish from the lists: name it, to be split into shorter ones."""
    EventSession = apps.get_model("home", "EventSession")
    too_long = EventSession.objects.filter(
        ends_at__gt=F("starts_at") + dt.timedelta(days=LONGEST_SESSION_DAYS)
    ).order_by("event_id", "starts_at")
    found = [f"event {session.event_id} from {session.starts_at:%Y-%m-%d}" for session in too_long]
    if found:
        raise RuntimeError(
            f"Sessions longer than {LONGEST_SESSION_DAYS} days must be split into shorter ones "
            "before this migration: " + "; ".join(found)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_session_earlier_end_for_event_lists"),
    ]

    operations = [
        migrations.RunPython(check_no_session_is_too_long, migrations.RunPython.noop),
        migrations.RemoveIndex(
            model_name="eventsession",
            name="home_events_ends_at_767fd5_idx",
        ),
        migrations.AddIndex(
            model_name="eventsession",
            index=models.Index(
                fields=["ends_at", "earlier_sessions_end_at", "event"], name="home_eventsession_next"
            ),
        ),
        migrations.RunSQL(
            NOT_PLAINLY_PUBLIC_PAGES, "DROP INDEX IF EXISTS home_page_not_plainly_public"
        ),
    ]
