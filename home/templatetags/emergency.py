"""The emergency banner every public page shows above its content while a 緊急 notice is current."""

from django import template

from home.models import NoticePage, NoticePriority

register = template.Library()


def announcement_key(notices):
    """Changes when an emergency is added, removed or republished, so the banner's script
    announces it again; the same emergencies on the next page are not announced twice."""
    return " ".join(f"{notice.pk}.{notice.live_revision_id}" for notice in notices)


@register.inclusion_tag("includes/emergency_banner.html")
def emergency_banner():
    # One query on every page that shows the banner, whether or not an emergency is current.
    notices = list(NoticePage.objects.current().filter(priority=NoticePriority.EMERGENCY))
    return {"notices": notices, "announcement_key": announcement_key(notices)}
