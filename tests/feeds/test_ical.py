"""The add-to-calendar .ics file of an event (RFC 5545)."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from feeds.ical import escape_text, fold, parameter_value
from home.models import ContactSettings, EventIndexPage, GroupIndexPage
from jp.time import TOKYO
from tests.factories import GroupPageFactory, VenueFactory, event_with_sessions

PUBLISHED_AT = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)
DOWNLOADED_AT = dt.datetime(2026, 12, 20, 3, 0, tzinfo=dt.UTC)

TOKYO_VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    "TZID:Asia/Tokyo",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0900",
    "TZOFFSETTO:+0900",
    "TZNAME:JST",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def unfold(body):
    """Content lines of an .ics body, after checking every physical line is CRLF-terminated."""
    assert body.endswith(b"\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")
    assert b"\r" not in body.replace(b"\r\n", b"")
    return re.sub("\r\n[ \t]", "", body.decode()).split("\r\n")[:-1]


def one_session(**fields):
    return event_with_sessions(
        EventIndexPage.objects.get(),
        (dt.datetime(2027, 1, 9, 10, tzinfo=TOKYO), dt.datetime(2027, 1, 9, 12, tzinfo=TOKYO)),
        **fields,
    )


def download(client, event):
    with time_machine.travel(DOWNLOADED_AT, tick=False):
        return client.get(f"/events/{event.slug}/calendar.ics")


def property_values(lines, name):
    return [line.partition(":")[2] for line in lines if line.split(":")[0].split(";")[0] == name]


@pytest.fixture
def course(home_page):
    """A two-session course, published once at PUBLISHED_AT."""
    event = event_with_sessions(
        EventIndexPage.objects.get(),
        (dt.datetime(2027, 1, 9, 10, tzinfo=TOKYO), dt.datetime(2027, 1, 9, 12, tzinfo=TOKYO)),
        (dt.datetime(2027, 1, 16, 10, tzinfo=TOKYO), dt.datetime(2027, 1, 16, 12, tzinfo=TOKYO)),
        title="親子で学ぶ防災講座",
        slug="bousai-kouza",
        summary="全2回で、家庭でできる備えを学びます。",
        venue=VenueFactory(name="きらり鎌ケ谷市民会館", address="鎌ケ谷市初富924-1"),
        room="第1会議室",
    )
    with time_machine.travel(PUBLISHED_AT, tick=False):
        event.save_revision().publish()
    return event


@pytest.mark.django_db
def test_two_session_event_is_a_calendar_with_one_vevent_per_session(client, course):
    first, second = course.sessions.order_by("starts_at")
    response = download(client, course)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8; method=PUBLISH"
    assert response["Content-Disposition"] == 'attachment; filename="bousai-kouza.ics"'

    def vevent(session, starts, ends):
        return [
            "BEGIN:VEVENT",
            f"UID:{session.uid}@kamagaya-kyodo",
            "DTSTAMP:20261201T093000Z",
            "LAST-MODIFIED:20261201T093000Z",
            "SEQUENCE:1",
            f"DTSTART;TZID=Asia/Tokyo:{starts}",
            f"DTEND;TZID=Asia/Tokyo:{ends}",
            "SUMMARY:親子で学ぶ防災講座",
            "STATUS:CONFIRMED",
            # No organising group and no e-mail address configured: the city's office, and
            # the event's page as the URI that says how to reach it.
            'ORGANIZER;CN="鎌ケ谷市市民生活部市民活動推進課":http://localhost/events/bousai-kouza/',
            "LOCATION:きらり鎌ケ谷市民会館 第1会議室\\, 鎌ケ谷市初富924-1",
            "URL:http://localhost/events/bousai-kouza/",
            "DESCRIPTION:全2回で、家庭でできる備えを学びます。",
            "END:VEVENT",
        ]

    assert unfold(response.content) == [
        "BEGIN:VCALENDAR",
        "PRODID:-//Kamagaya City//Kamagaya Kyodo Portal//JA",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:親子で学ぶ防災講座",
        *TOKYO_VTIMEZONE,
        *vevent(first, "20270109T100000", "20270109T120000"),
        *vevent(second, "20270116T100000", "20270116T120000"),
        "END:VCALENDAR",
    ]


@pytest.mark.django_db
def test_session_uids_survive_republishing(client, course):
    uids = property_values(unfold(download(client, course).content), "UID")
    course.title = "親子で学ぶ防災講座（内容更新）"
    course.save_revision().publish()
    assert property_values(unfold(download(client, course).content), "UID") == uids
    assert uids == [
        f"{session.uid}@kamagaya-kyodo" for session in course.sessions.order_by("starts_at")
    ]


@pytest.mark.django_db
def test_sequence_counts_publications_and_survives_purged_revisions(client, course):
    course.save_revision().publish()
    course.save_revision().publish()
    call_command("purge_revisions", verbosity=0)
    assert property_values(unfold(download(client, course).content), "SEQUENCE") == ["3", "3"]


@pytest.mark.django_db
def test_cancelled_event_is_marked_in_its_title_and_status(client, home_page):
    event = one_session(title="防災フェア", status="cancelled", status_note="荒天のため中止します")
    lines = unfold(download(client, event).content)
    assert property_values(lines, "SUMMARY") == ["【中止】防災フェア"]
    assert property_values(lines, "STATUS") == ["CANCELLED"]
    assert property_values(lines, "DESCRIPTION") == [
        "テスト用のイベントです。\\n荒天のため中止します"
    ]


@pytest.mark.django_db
def test_postponed_event_is_tentative(client, home_page):
    event = one_session(title="防災フェア", status="postponed")
    lines = unfold(download(client, event).content)
    assert property_values(lines, "SUMMARY") == ["【延期】防災フェア"]
    assert property_values(lines, "STATUS") == ["TENTATIVE"]


def test_text_escaping_covers_backslash_comma_semicolon_and_newlines():
    assert escape_text("a\\b,c;d\ne\r\nf\rg") == "a\\\\b\\,c\\;d\\ne\\nf\\ng"


@pytest.mark.django_db
def test_text_values_are_escaped_in_the_file(client, home_page):
    event = one_session(title="応急手当, 入門; 初級\\中級", summary="一行目\n二行目")
    lines = unfold(download(client, event).content)
    assert property_values(lines, "SUMMARY") == ["応急手当\\, 入門\\; 初級\\\\中級"]
    assert property_values(lines, "X-WR-CALNAME") == ["応急手当\\, 入門\\; 初級\\\\中級"]
    assert property_values(lines, "DESCRIPTION") == ["一行目\\n二行目"]


@pytest.fixture
def city_email(home_page):
    contact = ContactSettings.load()
    contact.email = "kyodo@city.kamagaya.example.jp"
    contact.save()
    return contact.email


def group(title, **fields):
    return GroupPageFactory(parent=GroupIndexPage.objects.get(), title=title, **fields)


def organizer_lines(client, event):
    """The ORGANIZER content lines, whole: a quoted CN may hold colons of its own."""
    lines = unfold(download(client, event).content)
    return [line for line in lines if line.startswith(("ORGANIZER:", "ORGANIZER;"))]


@pytest.mark.django_db
def test_organizer_is_the_first_group_in_reading_order_with_its_email(client, city_email):
    event = one_session()
    event.organisers.add(
        group("わかば会", name_kana="わかばかい", contact_email="wakaba@example.jp"),
        group("あおぞら会", name_kana="あおぞらかい", contact_email="aozora@example.jp"),
    )
    event.save()
    assert organizer_lines(client, event) == ['ORGANIZER;CN="あおぞら会":mailto:aozora@example.jp']


@pytest.mark.django_db
def test_a_group_without_email_is_reached_through_the_citys_address(client, city_email):
    event = one_session()
    event.organisers.add(group("わかば会"))
    event.save()
    assert organizer_lines(client, event) == [
        'ORGANIZER;CN="わかば会":mailto:kyodo@city.kamagaya.example.jp'
    ]


@pytest.mark.django_db
def test_draft_groups_are_never_named_and_the_city_organises_instead(client, city_email):
    event = one_session(organiser_text="鎌ケ谷市（後援）")
    event.organisers.add(group("下書きの会", contact_email="draft@example.jp", live=False))
    event.save()
    assert organizer_lines(client, event) == [
        'ORGANIZER;CN="鎌ケ谷市市民生活部市民活動推進課":mailto:kyodo@city.kamagaya.example.jp'
    ]


@pytest.mark.django_db
def test_organizer_names_are_quoted_and_escaped_as_rfc_6868_says(client, home_page):
    event = one_session()
    event.organisers.add(group('"みどり"の会, 鎌ケ谷; 東:西^北'))
    event.save()
    assert organizer_lines(client, event) == [
        f"ORGANIZER;CN=\"^'みどり^'の会, 鎌ケ谷; 東:西^^北\":http://localhost/events/{event.slug}/"
    ]


def test_parameter_values_escape_newlines_and_drop_other_control_characters():
    assert parameter_value("一行目\r\n二行目\n三\r四\t五\x07六\x7f") == (
        '"一行目^n二行目^n三^n四\t五六"'
    )


def test_folding_splits_at_75_octets_between_characters():
    line = "SUMMARY:" + "鎌" * 30
    folded = fold(line)
    physical = folded.split("\r\n")
    # 8 ASCII octets + 22 three-octet characters = 74; a 23rd would pass 75.
    assert physical[0] == "SUMMARY:" + "鎌" * 22
    assert physical[1] == " " + "鎌" * 8
    assert re.sub("\r\n ", "", folded) == line


def test_continuation_lines_count_their_leading_space():
    line = "DESCRIPTION:" + "x" * 200
    physical = fold(line).split("\r\n")
    assert [len(part) for part in physical] == [75, 75, 64]  # 212 octets: 75 + 74 + 63
    assert all(part.startswith(" ") for part in physical[1:])


def test_short_lines_are_not_folded():
    assert fold("VERSION:2.0") == "VERSION:2.0"


@pytest.mark.django_db
def test_long_japanese_title_folds_to_75_octets_and_unfolds_to_the_original(client, home_page):
    title = "鎌ケ谷市民活動フェスティバル２０２７〜つながる・ひろがる・まちづくり〜" * 3
    event = one_session(title=title[:255])
    body = download(client, event).content
    physical = body.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in physical)
    assert sum(line.startswith(b" ") for line in physical) >= 6  # the title did need folding
    for line in physical:
        line.decode()  # a fold inside a character would leave invalid UTF-8 on both sides
    assert property_values(unfold(body), "SUMMARY") == [title[:255]]


@pytest.mark.django_db
def test_all_day_session_uses_dates_and_an_exclusive_end(client, home_page):
    event = event_with_sessions(
        EventIndexPage.objects.get(),
        (dt.datetime(2027, 1, 9, 0, tzinfo=TOKYO), dt.datetime(2027, 1, 10, 23, 59, tzinfo=TOKYO)),
    )
    event.sessions.update(all_day=True)
    lines = unfold(download(client, event).content)
    assert [line for line in lines if line.startswith(("DTSTART", "DTEND"))][1:] == [
        "DTSTART;VALUE=DATE:20270109",
        "DTEND;VALUE=DATE:20270111",
    ]


@pytest.mark.django_db
def test_online_event_location_is_its_link(client, home_page):
    event = one_session(
        venue=None, attendance_mode="online", online_url="https://meet.example.jp/a"
    )
    lines = unfold(download(client, event).content)
    assert property_values(lines, "LOCATION") == ["https://meet.example.jp/a"]


@pytest.mark.django_db
def test_japanese_slug_gets_an_encoded_attachment_filename(client, home_page):
    event = one_session(slug="防災講座")
    response = client.get(event.url + "calendar.ics")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E9%98%B2%E7%81%BD%E8%AC%9B%E5%BA%A7.ics"
    )


@pytest.mark.django_db
def test_draft_event_has_no_calendar(client, home_page):
    event = one_session()
    event.unpublish()
    assert download(client, event).status_code == 404


@pytest.mark.django_db
def test_expired_but_still_live_event_has_no_calendar(client, home_page):
    event = one_session(expire_at=dt.datetime(2026, 12, 10, tzinfo=TOKYO))
    assert event.live
    assert download(client, event).status_code == 404


@pytest.mark.django_db
def test_restricted_event_has_no_calendar(client, home_page):
    event = one_session()
    PageViewRestriction.objects.create(
        page=event, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert download(client, event).status_code == 404


@pytest.mark.django_db
def test_event_page_links_to_its_calendar_file(client, course):
    html = client.get(course.url).content.decode()
    assert '<a href="/events/bousai-kouza/calendar.ics">カレンダーに追加（ICS形式）</a>' in html
