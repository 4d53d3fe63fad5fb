"""Event feeds for calendars, feed readers and open-data portals (/feeds/events.*)."""

from django.urls import path

from . import views

app_name = "feeds"
urlpatterns = [
    path("events.ics", views.events_ics, name="events_ics"),
    path("events.json", views.events_json, name="events_json"),
    path("events.rss", views.events_rss, name="events_rss"),
    path("events.csv", views.events_csv, name="events_csv"),
]
