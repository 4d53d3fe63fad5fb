"""Content model, one module per domain; imported here so Django finds every model.

Each page type's manager carries its visibility and listing rules (`EventPage.objects.find(…)`,
`GroupPage.objects.recruiting()`, `NoticePage.objects.current()`), built on the one public rule
in visibility.py; the criteria every channel fills in are in criteria.py.
"""

from .accounts import GroupAccount, Invitation
from .choices import (
    ActionStatus,
    AttendanceMode,
    EventStatus,
    ImplementationStatus,
    NoticePriority,
    OrganisationType,
    SnsService,
)
from .criteria import EventCriteria, GroupCriteria
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
    "ActionStatus",
    "ActivityField",
    "AttendanceMode",
    "Audience",
    "ContactSettings",
    "CustomImage",
    "CustomRendition",
    "District",
    "EventCriteria",
    "EventIndexPage",
    "EventPage",
    "EventSession",
    "EventStatus",
    "GroupAccount",
    "GroupCriteria",
    "GroupIndexPage",
    "GroupPage",
    "GroupPhoto",
    "HomePage",
    "ImplementationStatus",
    "Invitation",
    "NoticeIndexPage",
    "NoticePage",
    "NoticePriority",
    "OrganisationType",
    "PlanPage",
    "SnsService",
    "Venue",
    "VisionPage",
]
