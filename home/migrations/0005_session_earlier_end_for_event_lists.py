"""Each event session records when the sessions before it have all ended, so event lists join
every event to its next session alone and read their order from an index (issue 16)."""

from django.db import migrations, models
from django.db.models import Max, OuterRef, Q, Subquery


def fill_earlier_sessions_end(apps, schema_editor):
    """One UPDATE: each session gets the latest end of its event's sessions before it, in start
    order with ties broken by id; the first session of an event keeps NULL."""
    EventSession = apps.get_model("home", "EventSession")
    before_this = Q(starts_at__lt=OuterRef("starts_at")) | Q(
        starts_at=OuterRef("starts_at"), pk__lt=OuterRef("pk")
    )
    latest_end = (
        EventSession.objects.filter(before_this, event_id=OuterRef("event_id"))
        .order_by()
        .values("event_id")
        .annotate(latest=Max("ends_at"))
        .values("latest")
    )
    EventSession.objects.update(earlier_sessions_end_at=Subquery(latest_end))


class Migration(migrations.Migration):
    dependencies = [("home", "0004_notice_expiry_and_editor_help")]

    operations = [
        migrations.AddField(
            model_name="eventsession",
            name="earlier_sessions_end_at",
            field=models.DateTimeField(
                editable=False, null=True, verbose_name="前の回までの終了日時"
            ),
        ),
        # Filled before the index that holds it is built.
        migrations.RunPython(fill_earlier_sessions_end, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="eventsession",
            index=models.Index(
                fields=["starts_at", "event", "ends_at", "earlier_sessions_end_at"],
                name="home_eventsession_window",
            ),
        ),
        # The window index starts with starts_at, so the column's own index is redundant.
        migrations.AlterField(
            model_name="eventsession",
            name="starts_at",
            field=models.DateTimeField(
                help_text="日本時間。例：2027-04-01 10:00（入力欄を押すとカレンダーが開きます）",
                verbose_name="開始日時",
            ),
        ),
    ]
