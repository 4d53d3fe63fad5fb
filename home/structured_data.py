"""What a page tells search engines and link previews: canonical URL, Open Graph and JSON-LD.

Everything is built here as plain Python data, so templates only print it and tests can compare it
whole. JSON-LD follows schema.org; dates carry +09:00 because every session is a Tokyo time.
"""

import json
from urllib.parse import urljoin

from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from jp.time import TOKYO, tokyo_date

from .models import (
    EventIndexPage,
    EventPage,
    GroupIndexPage,
    GroupPage,
    HomePage,
    NoticeIndexPage,
)
from .models.choices import AttendanceMode, EventStatus, OrganisationType
from .page_descriptions import page_description

SCHEMA = "https://schema.org"
SHARE_IMAGE_SPEC = "fill-1200x630"
# The home page has no picture of its own: its link previews show the site's name in its colours
# (1200×630, the size Open Graph consumers crop to).
HOME_SHARE_IMAGE = "images/og-home.png"
LOGO_SPEC = "max-600x600"

EVENT_STATUS = {
    EventStatus.SCHEDULED: f"{SCHEMA}/EventScheduled",
    EventStatus.CANCELLED: f"{SCHEMA}/EventCancelled",
    EventStatus.POSTPONED: f"{SCHEMA}/EventPostponed",
}
ATTENDANCE_MODE = {
    AttendanceMode.IN_PERSON: f"{SCHEMA}/OfflineEventAttendanceMode",
    AttendanceMode.ONLINE: f"{SCHEMA}/OnlineEventAttendanceMode",
    AttendanceMode.HYBRID: f"{SCHEMA}/MixedEventAttendanceMode",
}
# schema.org's NGO is "a non-governmental organization"; neighbourhood associations, businesses,
# schools and public offices are better described as plain organisations.
NGO_TYPES = {OrganisationType.CITIZEN_GROUP, OrganisationType.NPO}
# The home page and section listings describe the site; every other page is one piece of content.
LISTING_PAGE_TYPES = (HomePage, EventIndexPage, GroupIndexPage, NoticeIndexPage)

# A "</script>" inside a value must not end the script element early; \u escapes are still JSON.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data):
    """A <script type="application/ld+json"> element, Japanese kept readable, safe inside HTML."""
    text = json.dumps(data, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def rendition_url(image, spec, page_url):
    """A rendition's absolute URL; media on another host (a CDN) keeps its own."""
    return urljoin(page_url, image.get_rendition(spec).url)


def share_image(page):
    """The picture that stands for a page in link previews, if it has one."""
    if isinstance(page, EventPage):
        return page.image
    if isinstance(page, GroupPage):
        return page.logo
    return None


def share_image_url(page, page_url):
    image = share_image(page)
    if image:
        return rendition_url(image, SHARE_IMAGE_SPEC, page_url)
    if isinstance(page, HomePage):
        return urljoin(page_url, static(HOME_SHARE_IMAGE))
    return None


def page_meta(page, request):
    """Canonical URL and Open Graph values for the <head> of any page."""
    url = page.get_full_url(request)
    return {
        "canonical_url": url,
        "title": page.seo_title or page.title,
        "description": page_description(page),
        "type": "website" if isinstance(page, LISTING_PAGE_TYPES) else "article",
        "image_url": share_image_url(page, url),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }


def tokyo_moment(moment, all_day):
    """ISO 8601 in Tokyo time; all-day sessions are dates, as they are on the page."""
    if all_day:
        return tokyo_date(moment).isoformat()
    return moment.astimezone(TOKYO).isoformat()


def session_dates(first, last):
    return {
        "startDate": tokyo_moment(first.starts_at, first.all_day),
        "endDate": tokyo_moment(last.ends_at, last.all_day),
    }


def place_name(event):
    """The venue and room as the event page shows them: きらり鎌ケ谷市民会館 第1会議室."""
    return " ".join(part for part in (event.venue.name, event.room) if part)


def venue_place(event):
    venue = event.venue
    place = {
        "@type": "Place",
        "name": place_name(event),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": venue.address,
            "addressCountry": "JP",
        },
    }
    if venue.latitude is not None and venue.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(venue.latitude),
            "longitude": float(venue.longitude),
        }
    return place


def event_location(event):
    """A Place, a VirtualLocation, or both for a hybrid event, following the attendance mode."""
    locations = []
    if event.attendance_mode != AttendanceMode.ONLINE and event.venue:
        locations.append(venue_place(event))
    if event.attendance_mode != AttendanceMode.IN_PERSON and event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    return locations[0] if len(locations) == 1 else locations


def organisation_type(group):
    return "NGO" if group.organisation_type in NGO_TYPES else "Organization"


def event_organisers(event, groups, request):
    organisers = [
        {"@type": organisation_type(group), "name": group.title, "url": group.get_full_url(request)}
        for group in groups
    ]
    if event.organiser_text:
        organisers.append({"@type": "Organization", "name": event.organiser_text})
    return organisers


def event_offer(event, url):
    offer = {
        "@type": "Offer",
        "price": str(event.fee),
        "priceCurrency": "JPY",
        "url": event.registration_url or url,
    }
    if event.registration_deadline:
        offer["validThrough"] = event.registration_deadline.astimezone(TOKYO).isoformat()
    return offer


def event_data(event, request, *, sessions, organiser_groups):
    """One schema.org Event for the whole event, its sessions as `subEvent`s.

    A 全3回 course is one page with one registration and one fee, so it is one Event spanning
    the first session's start to the last one's end; describing each session as a top-level
    Event would advertise three separate events to join. `sessions` and `organiser_groups` (the
    public ones) are those the page lists, passed in so that each is read once per request.
    """
    url = event.get_full_url(request)
    sessions = sorted(sessions, key=lambda session: session.starts_at)
    data = {"@context": SCHEMA, "@type": "Event", "name": event.title}
    if sessions:
        data.update(session_dates(sessions[0], max(sessions, key=lambda session: session.ends_at)))
    data.update(
        {
            "description": event.summary,
            "url": url,
            "eventStatus": EVENT_STATUS[event.status],
            "eventAttendanceMode": ATTENDANCE_MODE[event.attendance_mode],
            "isAccessibleForFree": event.fee == 0,
            "offers": event_offer(event, url),
        }
    )
    location = event_location(event)
    if location:
        data["location"] = location
    if len(sessions) > 1:
        data["subEvent"] = [
            {
                "@type": "Event",
                "name": f"{event.title}（第{number}回）",
                "url": url,
                **session_dates(session, session),
            }
            for number, session in enumerate(sessions, start=1)
        ]
    organisers = event_organisers(event, organiser_groups, request)
    if organisers:
        data["organizer"] = organisers
    if event.image:
        data["image"] = rendition_url(event.image, SHARE_IMAGE_SPEC, url)
    return data


def group_data(group, request):
    """A schema.org NGO or Organization for a group profile, with the contacts it publishes."""
    url = group.get_full_url(request)
    data = {
        "@context": SCHEMA,
        "@type": organisation_type(group),
        "name": group.title,
        "alternateName": group.name_kana,
        "description": group.summary,
        "url": url,
    }
    if group.logo:
        data["logo"] = rendition_url(group.logo, LOGO_SPEC, url)
    if group.contact_email:
        data["email"] = group.contact_email
    if group.contact_phone:
        data["telephone"] = group.contact_phone
    profiles = [group.website] if group.website else []
    profiles += [link.value["url"] for link in group.sns_links]
    if profiles:
        data["sameAs"] = profiles
    return data
