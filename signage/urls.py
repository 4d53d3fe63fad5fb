from django.urls import path

from . import views

app_name = "signage"
urlpatterns = [
    path("sw.js", views.service_worker, name="service_worker"),
    path("<slug:slug>/", views.screen_page, name="screen"),
    path("<slug:slug>/heartbeat", views.heartbeat, name="heartbeat"),
]
