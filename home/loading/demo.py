"""Loads the invented sample content of home/data/sample/, so the site can be shown before real data.

Every item is marked as a sample twice: `is_sample` for channels that can show a badge, and
「（サンプル）」 at the end of its name for any channel that only shows the name. Event dates are
relative to the day of loading, so the demo always has past, current and coming events.
"""

import datetime as dt
import random
from decimal import Decimal
from html import escape

from django.apps import apps
from django.db import transaction

from jp.time import TOKYO, start_of_tokyo_day, tokyo_date, tokyo_today

from ..models import (
    ActionPage,
    ActivityField,
    AttendanceMode,
    Audience,
    District,
    EventIndexPage,
    EventPage,
    EventStatus,
    GroupIndexPage,
    GroupPage,
    NoticeIndexPage,
    NoticePage,
    Venue,
)
from .pages import publish_page, rich_text
from .records import upsert_rows
from .sample_data import paragraphs, read_sample
from .sample_images import ensure_sample_images
from .site import section

SAMPLE_SUFFIX = "（サンプル）"
# A fixed seed: the "random" variety is the same on every run, so reruns change nothing.
RANDOM_SEED = "kamagaya-demo"
REGISTRATION_CLOSES_AT = "17:00"
REGISTER_BY_PHONE_OR_EMAIL = "電話またはメールで問い合わせ先へお申し込みください。"
REGISTER_ONLINE = "申込ページからお申し込みください。"
# Events that fix no day of their own fall on a random day this many days before or after loading.
DAYS_BEFORE, DAYS_AFTER = 30, 56
# Weekday-style time slots for events that fix no time of their own.
TIME_SLOTS = (("10:00", "12:00"), ("13:30", "15:30"), ("14:00", "16:00"), ("18:30", "20:30"))
# An all-day session ends on its own last day, not at the next midnight, so listings and
# session_span show the days it really covers.
ALL_DAY_ENDS_AT = "23:59"


def sample_name(name):
    return f"{name}{SAMPLE_SUFFIX}"


def bullet_list(items):
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def at_tokyo(day, clock):
    """`clock` ("HH:MM") on a Tokyo calendar day, as an aware datetime."""
    return dt.datetime.combine(day, dt.time.fromisoformat(clock), tzinfo=TOKYO)


def fake_phone(number):
    # No Japanese number starts with 000, so nobody can ring a real line by mistake.
    return f"000-0000-{number:04d}"


def load_districts():
    rows = [
        {**district, "sort_order": order}
        for order, district in enumerate(read_sample("districts", District))
    ]
    return upsert_rows(District, "name", rows)


def load_venues():
    """Returns ({venue key: Venue}, changed)."""
    sample_venues = read_sample("venues", Venue)
    rows = [
        {
            **venue,
            "name": sample_name(venue["name"]),
            "slug": f"sample-{key}",
            "latitude": Decimal(venue["latitude"]),
            "longitude": Decimal(venue["longitude"]),
            "is_sample": True,
        }
        for key, venue in sample_venues.items()
    ]
    changed = upsert_rows(Venue, "name", rows)
    by_name = {venue.name: venue for venue in Venue.objects.filter(is_sample=True)}
    venues = {key: by_name[sample_name(venue["name"])] for key, venue in sample_venues.items()}
    return venues, changed


def group_fields(group, number, today, images, districts, rng):
    slug = f"sample-group-{number:02d}"
    return {
        "title": sample_name(group["title"]),
        "slug": slug,
        "is_sample": True,
        "name_kana": group["name_kana"],
        "organisation_type": group["organisation_type"],
        "district": districts.get(group.get("district")),
        "summary": group["summary"],
        "description": rich_text(paragraphs(group["description"])),
        "activities": bullet_list(group["activities"]),
        "meeting_schedule": group["meeting_schedule"],
        "meeting_place": group["meeting_place"],
        "approximate_members": group.get("approximate_members"),
        "recruiting": group.get("recruiting", False),
        "participation_conditions": group.get("participation_conditions", ""),
        "participation_benefits": group.get("participation_benefits", ""),
        "contact_name": sample_name(group["contact_name"]),
        "contact_phone": fake_phone(number),
        "contact_email": f"{slug}@example.jp",
        "website": f"https://example.jp/{slug}/" if group.get("has_website") else "",
        "logo": images.get(group.get("logo")),
        # Profiles confirmed at different times let the demo show stale and fresh entries.
        "last_confirmed": today - dt.timedelta(days=rng.randint(3, 400)),
    }


def load_groups(today, images, actions, rng):
    """Returns ({group key: GroupPage}, changed)."""
    parent = section(GroupIndexPage)
    activity_fields = {field.number: field for field in ActivityField.objects.all()}
    districts = {district.name: district for district in District.objects.all()}
    groups = {}
    changed = 0
    for number, (key, group) in enumerate(read_sample("groups", GroupPage).items(), start=1):
        fields = group_fields(group, number, today, images, districts, rng)
        photos = [
            {"image": images[photo["image"]], "caption": photo["caption"]}
            for photo in group.get("photos", ())
        ]
        groups[key], was_changed = publish_page(
            parent,
            GroupPage,
            {"slug": fields["slug"]},
            fields,
            relations={
                "activity_fields": [activity_fields[field] for field in group["activity_fields"]],
                "related_actions": [actions[action] for action in group["related_actions"]],
            },
            children={"photos": photos},
        )
        changed += was_changed
    return groups, changed


def session_rows(today, days, schedule, clock):
    """The session rows of one event page."""
    if "all_day_through" in schedule:
        first = today + dt.timedelta(days=days[0])
        last = first + dt.timedelta(days=schedule["all_day_through"] - 1)
        return [
            {
                "starts_at": start_of_tokyo_day(first),
                "ends_at": at_tokyo(last, ALL_DAY_ENDS_AT),
                "all_day": True,
            }
        ]
    starts, ends = clock
    return [
        {
            "starts_at": at_tokyo(today + dt.timedelta(days=offset), starts),
            "ends_at": at_tokyo(today + dt.timedelta(days=offset), ends),
            "all_day": False,
        }
        for offset in days
    ]


def pages_of(schedule, rng):
    """Day offsets of the sessions of each page an event definition makes.

    A course is one page with several sessions; a regular event (a fortnightly salon) is one
    page per date, as organisers announce each date separately.
    """
    days = schedule.get("days") or [rng.randint(1 - DAYS_BEFORE, DAYS_AFTER - 1)]
    if "repeat_every" in schedule:
        return [[days[0] + schedule["repeat_every"] * n] for n in range(schedule["repeat_count"])]
    return [days]


def registration_fields(registration, first_starts_at, slug):
    if registration is None:
        return {
            "registration_required": False,
            "registration_deadline": None,
            "registration_method": "",
            "registration_url": "",
        }
    # A whole day or more before the first session, so the deadline can never fall after it.
    deadline_day = tokyo_date(first_starts_at) - dt.timedelta(days=registration["days_before"])
    online = registration.get("online", False)
    return {
        "registration_required": True,
        "registration_deadline": at_tokyo(deadline_day, REGISTRATION_CLOSES_AT),
        "registration_method": REGISTER_ONLINE if online else REGISTER_BY_PHONE_OR_EMAIL,
        "registration_url": f"https://example.jp/apply/{slug}/" if online else "",
    }


def event_fields(event, slug, sessions, venues, images, organisers):
    mode = event.get("attendance_mode", AttendanceMode.IN_PERSON)
    at_venue = mode != AttendanceMode.ONLINE
    online = mode != AttendanceMode.IN_PERSON
    contact = organisers[0]
    return {
        "title": sample_name(event["title"]),
        "slug": slug,
        "is_sample": True,
        "title_kana": event["title_kana"],
        "summary": event["summary"],
        "description": rich_text(paragraphs(event["description"])),
        "status": event.get("status", EventStatus.SCHEDULED),
        "status_note": event.get("status_note", ""),
        "attendance_mode": mode,
        "venue": venues[event["venue"]] if at_venue else None,
        "room": event.get("room", "") if at_venue else "",
        "online_url": f"https://example.jp/online/{slug}/" if online else "",
        "organiser_text": event.get("organiser_text", ""),
        "fee": event.get("fee", 0),
        "fee_details": event.get("fee_details", ""),
        "capacity": event.get("capacity"),
        **registration_fields(event.get("registration"), sessions[0]["starts_at"], slug),
        "contact_name": contact.title,
        "contact_phone": contact.contact_phone,
        "contact_email": contact.contact_email,
        "image": images.get(event.get("image")),
        "show_on_signage": event.get("show_on_signage", True),
        "for_schools": event.get("for_schools", False),
    }


def load_events(today, images, venues, groups, actions, rng):
    parent = section(EventIndexPage)
    audiences = {audience.slug: audience for audience in Audience.objects.all()}
    changed = 0
    number = 0
    for event in read_sample("events", EventPage):
        schedule = event.get("schedule", {})
        # Drawn once per definition, so every date of a regular event keeps the same time.
        clock = schedule.get("time") or rng.choice(TIME_SLOTS)
        organisers = [groups[key] for key in event["organisers"]]
        for days in pages_of(schedule, rng):
            number += 1
            slug = f"sample-event-{number:02d}"
            sessions = session_rows(today, days, schedule, clock)
            _, was_changed = publish_page(
                parent,
                EventPage,
                {"slug": slug},
                event_fields(event, slug, sessions, venues, images, organisers),
                relations={
                    "organisers": organisers,
                    "related_actions": [actions[action] for action in event["related_actions"]],
                    "audiences": [audiences[audience] for audience in event["audiences"]],
                },
                children={"sessions": sessions},
            )
            changed += was_changed
    return changed


def load_signage_screens(venues):
    # Looked up by name: the signage channel sits above `home`, which imports no channel.
    screen_model = apps.get_model("signage", "SignageScreen")
    rows = [
        {
            **screen,
            "name": sample_name(screen["name"]),
            "venue": venues[screen["venue"]],
            "opens_at": dt.time.min,
            "closes_at": dt.time.max,
            "is_active": True,
        }
        for screen in read_sample("screens", screen_model)
    ]
    return upsert_rows(screen_model, "slug", rows)


def load_notices(today):
    parent = section(NoticeIndexPage)
    changed = 0
    for number, notice in enumerate(read_sample("notices", NoticePage), start=1):
        expire_day = notice.get("expire_at_day")
        _, was_changed = publish_page(
            parent,
            NoticePage,
            {"slug": f"sample-notice-{number:02d}"},
            {
                "title": sample_name(notice["title"]),
                "is_sample": True,
                "priority": notice["priority"],
                "body": rich_text(paragraphs(notice["body"])),
                "display_from": start_of_tokyo_day(
                    today + dt.timedelta(days=notice["display_from_day"])
                ),
                "expire_at": (
                    None
                    if expire_day is None
                    else start_of_tokyo_day(today + dt.timedelta(days=expire_day))
                ),
            },
        )
        changed += was_changed
    return changed


@transaction.atomic
def load_demo(home, today=None):
    """Create or update all sample content under `home`. Returns how many things changed.

    Needs the plan and taxonomies (load_plan) first: sample groups and events link to actions.
    """
    today = today or tokyo_today()
    rng = random.Random(RANDOM_SEED)
    actions = {action.number: action for action in ActionPage.objects.descendant_of(home)}
    images, changed = ensure_sample_images()
    changed += load_districts()
    venues, venues_changed = load_venues()
    groups, groups_changed = load_groups(today, images, actions, rng)
    changed += venues_changed + groups_changed
    changed += load_events(today, images, venues, groups, actions, rng)
    changed += load_notices(today)
    changed += load_signage_screens(venues)
    return changed
