from django.db import migrations
from django.db.models import Max, Min


def fill_event_dates(apps, schema_editor):
    """Events saved before the page kept its first and last session dates get them now."""
    EventPage = apps.get_model("home", "EventPage")
    for event in EventPage.objects.annotate(
        first_start=Min("sessions__starts_at"), last_end=Max("sessions__ends_at")
    ):
        EventPage.objects.filter(pk=event.pk).update(
            starts_at=event.first_start, ends_at=event.last_end
        )


class Migration(migrations.Migration):
    dependencies = [("home", "0002_event_dates_venue_slug_list_order")]

    operations = [migrations.RunPython(fill_event_dates, migrations.RunPython.noop)]
