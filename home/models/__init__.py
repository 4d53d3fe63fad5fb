"""Content model, one module per domain; imported here so Django finds every model."""

from .events import EventIndexPage, EventPage, EventSession
from .groups import GroupIndexPage, GroupPage, GroupPhoto
from .home import HomePage
from .images import CustomImage, CustomRendition
from .notices import NoticeIndexPage, NoticePage
from .plan import ActionPage, ActionProgressRecord, PlanPage, VisionPage
from .site_settings import ContactSettings
from .taxonomy import ActivityField, Audience, District
from .venues import Venue

__all__ = [
    "ActionPage",
    "ActionProgressRecord",
    "ActivityField",
    "Audience",
    "ContactSettings",
    "CustomImage",
    "CustomRendition",
    "District",
    "EventIndexPage",
    "EventPage",
    "EventSession",
    "GroupIndexPage",
    "GroupPage",
    "GroupPhoto",
    "HomePage",
    "NoticeIndexPage",
    "NoticePage",
    "PlanPage",
    "Venue",
    "VisionPage",
]
