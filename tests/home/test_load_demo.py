import datetime as dt
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Revision

from home.loading.demo import load_demo
from home.loading.plan import load_plan, load_taxonomies
from home.loading.sample_data import SampleDataError, read_sample
from home.loading.site import ensure_site_tree
from home.models import (
    ActionPage,
    CustomImage,
    District,
    EventPage,
    EventSession,
    GroupPage,
    NoticePage,
    Venue,
)
from home.models.choices import AttendanceMode, EventStatus, NoticePriority, OrganisationType
from jp.time import start_of_tokyo_day, tokyo_date

TODAY = dt.date(2026, 12, 1)
SAMPLE = "（サンプル）"
KIRARI = "きらり鎌ケ谷市民会館（サンプル）"
KIRARI_ROOMS = {"会議室1", "会議室2", "多目的ホール", "和室", "創作室", "1階ロビー"}
SCHOOL_AUDIENCES = {"children", "pupils", "high-school"}

# One load of the demo serves the module's class: kept on one worker (xdist_group).
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.sqlite,
    pytest.mark.dates,
    pytest.mark.xdist_group("load-demo"),
]


def days(number):
    return dt.timedelta(days=number)


def sessions_by_event():
    """{event: [session, ...]} in session order (regular events share titles, so not by title)."""
    grouped = {}
    for session in EventSession.objects.select_related("event").order_by("event_id", "sort_order"):
        grouped.setdefault(session.event, []).append(session)
    return grouped


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """One load of the demo for a whole test class, since a load takes seconds.

    Rolled back after the class, so tests outside it start from an empty database.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        home = ensure_site_tree()
        load_taxonomies()
        load_plan(home)
        load_demo(home, today=TODAY)
        yield home
        transaction.set_rollback(True)


@pytest.mark.usefixtures("demo")
class TestLoadedDemo:
    """Checks on the content of one load."""

    def test_loads_at_least_30_groups_60_events_and_a_few_notices_and_venues(self):
        counts = {
            "groups": GroupPage.objects.count(),
            "events": EventPage.objects.count(),
            "notices": NoticePage.objects.count(),
            "venues": Venue.objects.count(),
        }
        assert counts["groups"] >= 30
        assert counts["events"] >= 60
        assert 4 <= counts["notices"] <= 6
        assert 5 <= counts["venues"] <= 8

    def test_groups_cover_every_organisation_type(self):
        types = set(GroupPage.objects.values_list("organisation_type", flat=True))
        assert types == set(OrganisationType.values)

    def test_groups_cover_most_activity_fields(self):
        fields = set(
            GroupPage.activity_fields.through.objects.values_list(
                "activityfield__number", flat=True
            )
        )
        assert len(fields) >= 15

    @pytest.mark.parametrize("model", [GroupPage, EventPage, NoticePage])
    def test_every_page_is_marked_as_sample_in_flag_and_title(self, model):
        unmarked = [
            page.title
            for page in model.objects.all()
            if not (page.is_sample and page.title.endswith(SAMPLE))
        ]
        assert unmarked == []

    def test_every_venue_is_marked_as_sample_in_flag_and_name(self):
        unmarked = [
            v.name for v in Venue.objects.all() if not (v.is_sample and v.name.endswith(SAMPLE))
        ]
        assert unmarked == []

    def test_contact_details_are_obviously_fake(self):
        pages = [*GroupPage.objects.all(), *EventPage.objects.all()]
        real_looking = [
            page.title
            for page in pages
            if not page.contact_phone.startswith("000-0000-")
            or not page.contact_email.endswith("@example.jp")
        ]
        assert real_looking == []

    def test_venue_addresses_are_marked_as_sample_addresses(self):
        addresses = Venue.objects.values_list("address", flat=True)
        assert all(address.endswith("（サンプル住所）") for address in addresses)

    def test_districts_are_real_town_names_without_sample_marker(self):
        names = list(District.objects.values_list("name", flat=True))
        assert len(names) >= 8
        assert "初富" in names
        assert not any(name.endswith(SAMPLE) for name in names)

    def test_about_half_the_groups_recruit_with_conditions_and_benefits(self):
        recruiting = GroupPage.objects.filter(recruiting=True)
        share = recruiting.count() / GroupPage.objects.count()
        missing_details = [
            group.title
            for group in recruiting
            if not (group.participation_conditions and group.participation_benefits)
        ]
        assert 0.35 <= share <= 0.65
        assert missing_details == []

    def test_sessions_run_from_30_days_before_to_8_weeks_after_today(self):
        sessions = EventSession.objects.all()
        first_day = min(tokyo_date(session.starts_at) for session in sessions)
        last_day = max(tokyo_date(session.ends_at) for session in sessions)
        assert (first_day, last_day) == (TODAY - days(30), TODAY + days(56))

    def test_some_events_happen_today(self):
        start, end = start_of_tokyo_day(TODAY), start_of_tokyo_day(TODAY + days(1))
        today = EventPage.objects.filter(sessions__starts_at__lt=end, sessions__ends_at__gte=start)
        assert today.distinct().count() >= 3

    def test_all_day_sessions_start_at_midnight_and_end_that_day_or_later(self):
        all_day = EventSession.objects.filter(all_day=True)
        wrong = [
            str(session)
            for session in all_day
            if session.starts_at != start_of_tokyo_day(tokyo_date(session.starts_at))
            or tokyo_date(session.ends_at) < tokyo_date(session.starts_at)
        ]
        assert all_day.count() >= 2
        assert wrong == []

    def test_a_weekly_course_is_one_event_with_several_sessions(self):
        weekly_courses = [
            event.title
            for event, sessions in sessions_by_event().items()
            if len(sessions) >= 3
            and all(
                later.starts_at - earlier.starts_at == days(7)
                for earlier, later in pairwise(sessions)
            )
        ]
        assert "市民公益活動スタートアップ講座（全3回）（サンプル）" in weekly_courses

    def test_online_events_have_a_url_and_no_venue(self):
        online = EventPage.objects.filter(attendance_mode=AttendanceMode.ONLINE)
        assert online.exists()
        assert all(event.online_url and event.venue is None for event in online)

    def test_hybrid_events_have_a_venue_and_a_url(self):
        hybrid = EventPage.objects.filter(attendance_mode=AttendanceMode.HYBRID)
        assert hybrid.exists()
        assert all(event.online_url and event.venue is not None for event in hybrid)

    @pytest.mark.parametrize("status", [EventStatus.CANCELLED, EventStatus.POSTPONED])
    def test_cancelled_and_postponed_events_say_why(self, status):
        notes = list(EventPage.objects.filter(status=status).values_list("status_note", flat=True))
        assert notes
        assert all(notes)

    def test_school_events_are_for_children_or_students(self):
        school_events = EventPage.objects.filter(for_schools=True)
        without_school_audience = [
            event.title
            for event in school_events
            if not SCHOOL_AUDIENCES & {audience.slug for audience in event.audiences.all()}
        ]
        assert school_events.count() >= 3
        assert without_school_audience == []

    def test_many_events_are_in_kirari_rooms(self):
        at_kirari = EventPage.objects.filter(venue__name=KIRARI)
        rooms = set(at_kirari.values_list("room", flat=True))
        assert at_kirari.count() >= 20
        assert rooms <= KIRARI_ROOMS
        assert {"会議室1", "会議室2", "多目的ホール"} <= rooms

    def test_registration_closes_before_the_first_session(self):
        with_registration = EventPage.objects.filter(registration_required=True)
        late = [
            event.title
            for event in with_registration
            if event.registration_deadline is None
            or event.registration_deadline >= min(s.starts_at for s in event.sessions.all())
        ]
        assert with_registration.count() >= 10
        assert late == []

    def test_events_have_free_and_paid_entries(self):
        paid = EventPage.objects.filter(fee__gt=0)
        assert EventPage.objects.filter(fee=0).exists()
        assert paid.exists()
        assert all(event.fee_details for event in paid)

    def test_every_event_has_organisers_actions_and_audiences(self):
        events = EventPage.objects.prefetch_related("organisers", "related_actions", "audiences")
        unlinked = [
            event.title
            for event in events
            if not (
                event.organisers.all() and event.related_actions.all() and event.audiences.all()
            )
        ]
        assert unlinked == []

    def test_every_event_passes_model_validation(self):
        for event in EventPage.objects.all():
            event.full_clean()

    def test_every_image_has_alt_text_saying_it_is_a_sample(self):
        descriptions = list(CustomImage.objects.values_list("description", flat=True))
        assert descriptions
        assert all(text.startswith("サンプル画像：") for text in descriptions)

    def test_some_groups_have_logos_and_some_events_images(self):
        assert GroupPage.objects.exclude(logo=None).count() >= 5
        assert EventPage.objects.exclude(image=None).count() >= 10

    def test_the_emergency_notice_is_no_longer_shown(self):
        emergencies = NoticePage.objects.filter(priority=NoticePriority.EMERGENCY)
        assert emergencies.exists()
        assert all(n.expire_at <= start_of_tokyo_day(TODAY) for n in emergencies)

    def test_notices_include_normal_and_important_ones(self):
        priorities = set(NoticePage.objects.values_list("priority", flat=True))
        assert priorities == set(NoticePriority.values)

    def test_loading_on_a_later_day_moves_dates_in_place(self, demo):
        pages_before = EventPage.objects.count()
        sessions_before = {s.uid: s.starts_at for s in EventSession.objects.all()}
        load_demo(demo, today=TODAY + days(1))
        sessions_after = {s.uid: s.starts_at for s in EventSession.objects.all()}
        assert EventPage.objects.count() == pages_before
        assert sessions_after == {uid: starts + days(1) for uid, starts in sessions_before.items()}


def test_second_run_on_the_same_day_changes_nothing(plan):
    assert load_demo(plan, today=TODAY) > 0
    revisions, images = Revision.objects.count(), CustomImage.objects.count()

    assert load_demo(plan, today=TODAY) == 0
    assert (Revision.objects.count(), CustomImage.objects.count()) == (revisions, images)


def test_command_loads_the_plan_first_when_it_is_missing():
    output = StringIO()
    call_command("load_demo", stdout=output)
    assert ActionPage.objects.count() == 22
    assert EventPage.objects.filter(is_sample=True).exists()
    assert output.getvalue().startswith("Sample content loaded: ")


@pytest.mark.parametrize(
    ("kind", "model", "toml", "error"),
    [
        (
            "events",
            EventPage,
            '[[events]]\ntitle = "読書会"\nstatus = "canceled"\n',
            "events.toml, item 1 「読書会」: status 'canceled' is not one of "
            "scheduled, cancelled, postponed",
        ),
        (
            "groups",
            GroupPage,
            '[groups.book-club]\ntitle = "読書の会"\norganisation_type = "club"\n',
            "groups.toml, [groups.book-club]: organisation_type 'club' is not one of "
            "citizen_group, npo, neighbourhood, business, education, government, other",
        ),
    ],
)
def test_a_sample_file_with_an_unknown_choice_value_names_the_file_and_item(
    tmp_path, kind, model, toml, error
):
    (tmp_path / f"{kind}.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(SampleDataError) as raised:
        read_sample(kind, model, directory=tmp_path)
    assert str(raised.value) == error
