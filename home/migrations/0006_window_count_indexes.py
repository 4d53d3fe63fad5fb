"""Indexes for counting an event window from the sessions alone (EventPageQuerySet.count): the
window's sessions with what picks each event's next one, and the pages that are not public."""

from django.db import migrations, models

# Wagtail's page table is not this app's, so its index is plain SQL (the same on PostgreSQL and
# SQLite). It holds only drafts, unpublished and expiring pages: the few NotPublicPageIds reads.
NOT_PLAINLY_PUBLIC_PAGES = (
    "CREATE INDEX home_page_not_plainly_public ON wagtailcore_page (id) "
    "WHERE NOT live OR expire_at IS NOT NULL"
)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_session_earlier_end_for_event_lists"),
    ]

    operations = [
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
