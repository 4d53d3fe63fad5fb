"""Benchmark data in bulk: about 1,000 sample groups, 50 sample venues and events up to N sessions.

Wagtail's way to add a page (add_child, then save_revision().publish()) runs dozens of
queries and a search-index update per page, about half a second each here: 25,000 events
would take hours. Pages are written here as a restore would write them: treebeard paths
computed up front, the wagtailcore_page rows and the specific rows inserted in batches,
relations and sessions bulk-created, the parent's numchild fixed once. The pages are live
and public but have no revisions and no search or reference index entries, which only the
admin uses (the site search reads the page tables themselves).

Everything is sample content: `is_sample` is set and every name says サンプル. Each item's
random choices are seeded by its number, so a top-up (1k → 10k) adds what a single run would.
Dates are relative to the Tokyo day of generation. Two ways the data can grow:
- dense (default): every session falls in the next 12 months, so 100k sessions are a year 100
  times as busy as 1k; lists of what is coming grow with the data.
- history: the first 1,000 sessions fill the next 12 months as in dense, and each further 1,000
  fill the year before the last, so 100k sessions are the same coming year over 99 years of
  past events: how a city portal's data actually grows, and what an index must keep flat.
"""

import datetime as dt
import logging
import random
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import groupby, islice
from operator import attrgetter

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from wagtail.models import Page

from home.loading.demo import ALL_DAY_ENDS_AT, TIME_SLOTS, at_tokyo, fake_phone, load_districts
from home.loading.pages import rich_text
from home.loading.plan import load_plan, load_taxonomies
from home.loading.sample_images import LOGO_SIZE, SAMPLE_IMAGES, ensure_sample_images
from home.loading.site import ensure_site_tree, section
from home.models import (
    ActionPage,
    ActivityField,
    Audience,
    District,
    EventIndexPage,
    EventPage,
    EventSession,
    GroupIndexPage,
    GroupPage,
    Venue,
)
from home.models.choices import AttendanceMode, EventStatus, OrganisationType
from home.models.events import mark_earlier_sessions_end
from jp.time import TOKYO, start_of_tokyo_day, tokyo_date, tokyo_today

logger = logging.getLogger(__name__)

SEED = "kamagaya-bench"
BATCH_SIZE = 2_000
DEFAULT_GROUP_COUNT = 1_000
VENUE_COUNT = 50
DAYS_AHEAD = 365
DENSE, HISTORY = "dense", "history"
GROWTH_MODELS = (DENSE, HISTORY)
# History growth: each further this many sessions go one year further back.
SESSIONS_PER_YEAR = 1_000
GROUP_SLUG_PREFIX = "sample-bench-group-"
EVENT_SLUG_PREFIX = "sample-bench-event-"
VENUE_SLUG_PREFIX = "sample-bench-venue-"
# Mean 4.1 sessions: most events happen once; courses and regular meetings repeat.
SESSIONS_PER_EVENT = (1, 1, 1, 2, 3, 4, 5, 6, 8, 10)
REPEAT_EVERY_DAYS = (7, 7, 14)
STATUSES = (EventStatus.SCHEDULED, EventStatus.CANCELLED, EventStatus.POSTPONED)
STATUS_WEIGHTS = (94, 3, 3)
# Kamagaya city hall; venues are scattered a few kilometres around it.
CITY_CENTRE = (Decimal("35.776700"), Decimal("140.000900"))

TOPICS = (
    ("子ども科学教室", "こどもかがくきょうしつ"),
    ("シニア健康体操", "しにあけんこうたいそう"),
    ("防災講座", "ぼうさいこうざ"),
    ("子育てサロン", "こそだてさろん"),
    ("英会話カフェ", "えいかいわかふぇ"),
    ("公園清掃ボランティア", "こうえんせいそうぼらんてぃあ"),
    ("手話入門", "しゅわにゅうもん"),
    ("スマートフォン相談会", "すまーとふぉんそうだんかい"),
    ("絵本の読み聞かせ", "えほんのよみきかせ"),
    ("地域の歴史散歩", "ちいきのれきしさんぽ"),
    ("フードドライブ", "ふーどどらいぶ"),
    ("多文化交流会", "たぶんかこうりゅうかい"),
)
ROOMS = ("会議室1", "会議室2", "和室", "調理室", "多目的ホール", "")


@dataclass(frozen=True)
class Generated:
    """How many rows one run added."""

    groups: int
    venues: int
    events: int
    sessions: int


@dataclass(frozen=True)
class NewPage:
    """A page to insert: its wagtailcore_page columns, its own columns and its relations."""

    title: str
    slug: str
    translation_key: uuid.UUID
    fields: dict
    relations: dict = field(default_factory=dict)  # many-to-many field name -> ids
    sessions: list = field(default_factory=list)  # EventSession field values, in order


@dataclass(frozen=True)
class Choices:
    """The ids generated pages pick their venue, organisers, images and taxonomy from."""

    venues: list
    groups: list
    audiences: list
    actions: list
    activity_fields: list
    districts: list
    logos: list
    photos: list


def generate(sessions, groups=DEFAULT_GROUP_COUNT, today=None, growth=DENSE):
    """Top the database up to `sessions` EventSession rows and `groups` sample groups, the
    sessions spread as the `growth` model says (DENSE or HISTORY; keep one per database).

    Rows already there count towards the targets, so running 1k, then 10k, then 100k ends
    with exactly 100k sessions. Returns what was added (Generated).
    """
    if growth not in GROWTH_MODELS:
        raise ValueError(f"growth must be one of {', '.join(GROWTH_MODELS)}; got {growth!r}")
    today = today or tokyo_today()
    with transaction.atomic():
        with timed("site tree, plan, taxonomies and sample images ready"):
            ensure_prerequisites()
            venues_added = ensure_venues()
            choices = Choices(**lookup_ids(), **sample_image_ids())
        with timed("groups added"):
            groups_added = add_groups(groups, today, choices)
        with timed("events and sessions added"):
            choices = replace(choices, groups=lookup_ids()["groups"])
            events_added, sessions_added = add_events(sessions, today, choices, growth)
    if connection.vendor == "postgresql" and (groups_added or events_added):
        # Production's autovacuum keeps planner statistics and the visibility map (index-only
        # scans) current; a bulk load must refresh them itself, or the planner guesses (a
        # 0.4 ms event page became 335 ms on a never-analysed table). VACUUM cannot run inside
        # a transaction, as in the tests.
        vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with timed("planner statistics refreshed"), connection.cursor() as cursor:
            cursor.execute(vacuum)
    return Generated(groups_added, venues_added, events_added, sessions_added)


@contextmanager
def timed(what):
    """Log how long a phase took: the one-off loaders are slow, the bulk part must not be."""
    started = time.perf_counter()
    yield
    logger.info("%s in %.1f s", what, time.perf_counter() - started)


def table_counts():
    """Row counts of what the benchmark reads, for the report after a run."""
    return {
        "pages": Page.objects.count(),
        "groups": GroupPage.objects.count(),
        "events": EventPage.objects.count(),
        "sessions": EventSession.objects.count(),
        "venues": Venue.objects.count(),
        "organiser links": EventPage.organisers.through.objects.count(),
        "audience links": EventPage.audiences.through.objects.count(),
    }


def ensure_prerequisites():
    home = ensure_site_tree()
    load_taxonomies()
    load_plan(home)
    load_districts()


def sample_image_ids():
    """Ids of the shared sample pictures: few, so each needs its renditions made only once."""
    images = ensure_sample_images()[0]
    return {
        "logos": [images[sample.key].pk for sample in SAMPLE_IMAGES if sample.size == LOGO_SIZE],
        "photos": [images[sample.key].pk for sample in SAMPLE_IMAGES if sample.size != LOGO_SIZE],
    }


def lookup_ids():
    def ids(queryset):
        return list(queryset.order_by("pk").values_list("pk", flat=True))

    return {
        "venues": ids(Venue.objects.filter(slug__startswith=VENUE_SLUG_PREFIX)),
        "groups": ids(GroupPage.objects.filter(slug__startswith=GROUP_SLUG_PREFIX)),
        "audiences": ids(Audience.objects.all()),
        "actions": ids(ActionPage.objects.all()),
        "activity_fields": ids(ActivityField.objects.all()),
        "districts": ids(District.objects.all()),
    }


def chunks(items, size):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def sample_uuid(rng):
    return uuid.UUID(int=rng.getrandbits(128), version=4)


# Venues


def venue(number):
    rng = random.Random(f"{SEED}:venue:{number}")
    latitude, longitude = CITY_CENTRE
    return Venue(
        name=f"サンプル会場 {number:02d}",
        name_kana=f"さんぷるかいじょう {number:02d}",
        slug=f"{VENUE_SLUG_PREFIX}{number:02d}",
        address=f"鎌ケ谷市サンプル町{number}丁目1番1号（サンプル住所）",
        latitude=latitude + Decimal(rng.randint(-20_000, 20_000)) / 1_000_000,
        longitude=longitude + Decimal(rng.randint(-20_000, 20_000)) / 1_000_000,
        access=f"最寄り駅から徒歩約{rng.randint(3, 20)}分。※サンプルの案内です。",
        barrier_free_notes="エレベーター、多目的トイレあり。※サンプルの案内です。",
        is_sample=True,
    )


def ensure_venues():
    """The sample venues that are missing. Returns how many were added."""
    existing = set(
        Venue.objects.filter(slug__startswith=VENUE_SLUG_PREFIX).values_list("slug", flat=True)
    )
    missing = [venue(number) for number in range(1, VENUE_COUNT + 1)]
    missing = [new for new in missing if new.slug not in existing]
    Venue.objects.bulk_create(missing, batch_size=BATCH_SIZE)
    return len(missing)


# Pages, written in bulk


def next_child_step(parent):
    """The treebeard step after the parent's last child: new pages go after existing ones."""
    last_path = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    return Page._str2int(last_path[-Page.steplen :]) + 1 if last_path else 1


def page_columns(parent, content_type, new, step, now):
    """The wagtailcore_page columns of a live page, as add_child() and publish() leave them.

    Columns left out (revisions, locks, schedules, menus, SEO) keep their defaults.
    """
    return {
        # treebeard's own path builder, so the alphabet and step length stay the model's.
        "path": Page._get_path(parent.path, parent.depth + 1, step),
        "depth": parent.depth + 1,
        "numchild": 0,
        "title": new.title,
        "draft_title": new.title,
        "slug": new.slug,
        "url_path": f"{parent.url_path}{new.slug}/",
        "content_type_id": content_type.pk,
        "locale_id": parent.locale_id,
        "translation_key": new.translation_key,
        "live": True,
        "has_unpublished_changes": False,
        "first_published_at": now,
        "last_published_at": now,
    }


def instances(model, rows):
    """Unsaved instances from rows of column values (attname -> value), defaults filling the gaps.

    Built positionally: Django's keyword path resolves defaults and related objects field by
    field and costs several times more, which shows at a hundred thousand rows. Defaults are
    worked out once per call, so a callable default (uuid4) would be shared: rows give their
    own uid and translation_key.
    """
    columns = model._meta.concrete_fields
    defaults = {column.attname: column.get_default() for column in columns}
    return [model(*[row.get(name, defaults[name]) for name in defaults]) for row in rows]


def insert_table(model, objects):
    """Write `model`'s own table for `objects` in batches; returns the new ids if it makes them.

    This is what Model.save() does for each table of a multi-table-inherited page (Page's,
    then EventPage's), done a batch at a time: bulk_create() refuses such models, and raw SQL
    would lose Django's conversions (aware datetimes to UTC, StreamField to JSON). SQLite
    caps the parameters of one statement, hence bulk_batch_size.
    """
    meta = model._meta
    columns = [column for column in meta.local_concrete_fields if column is not meta.auto_field]
    returning = meta.db_returning_fields if meta.auto_field else None
    size = min(BATCH_SIZE, connection.ops.bulk_batch_size(columns, objects) or BATCH_SIZE)
    new_ids = []
    for batch in chunks(objects, size):
        rows = model._base_manager._insert(batch, fields=columns, returning_fields=returning)
        new_ids.extend(row[0] for row in rows or ())
    return new_ids


def insert_relations(model, page_ids, new_pages):
    for name in new_pages[0].relations:
        relation = model._meta.get_field(name)
        through = relation.remote_field.through
        source = through._meta.get_field(relation.m2m_field_name()).attname
        target = through._meta.get_field(relation.m2m_reverse_field_name()).attname
        links = (
            {source: page_id, target: target_id}
            for page_id, new in zip(page_ids, new_pages, strict=True)
            for target_id in new.relations[name]
        )
        through.objects.bulk_create(instances(through, links), batch_size=BATCH_SIZE)


def insert_sessions(page_ids, new_pages):
    rows = (
        {"event_id": page_id, "sort_order": order, **values}
        for page_id, new in zip(page_ids, new_pages, strict=True)
        for order, values in enumerate(new.sessions)
    )
    sessions = instances(EventSession, rows)
    # EventPage.save() keeps this in step with the sessions; bulk rows must do it here.
    for _, event_sessions in groupby(sessions, key=attrgetter("event_id")):
        mark_earlier_sessions_end(event_sessions)
    EventSession.objects.bulk_create(sessions, batch_size=BATCH_SIZE)
    return len(sessions)


def insert_pages(parent, model, new_pages):
    """Add `new_pages` as live children of `parent`, after its existing children.

    Returns the new page ids, in order.
    """
    content_type = ContentType.objects.get_for_model(model)
    first_step = next_child_step(parent)
    now = dt.datetime.now(TOKYO)
    pages = instances(
        model,
        (
            {**page_columns(parent, content_type, new, first_step + offset, now), **new.fields}
            for offset, new in enumerate(new_pages)
        ),
    )
    page_ids = insert_table(Page, pages)
    for page, page_id in zip(pages, page_ids, strict=True):
        page.id = page.page_ptr_id = page_id
    insert_table(model, pages)
    insert_relations(model, page_ids, new_pages)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(new_pages))
    return page_ids


# Groups


def group_page(number, today, choices):
    rng = random.Random(f"{SEED}:group:{number}")
    slug = f"{GROUP_SLUG_PREFIX}{number:04d}"
    topic, _ = rng.choice(TOPICS)
    recruiting = rng.random() < 0.3
    conditions = "どなたでも参加できます（サンプル）。" if recruiting else ""
    return NewPage(
        title=f"サンプル団体 {number:04d}",
        slug=slug,
        translation_key=sample_uuid(rng),
        fields={
            "is_sample": True,
            "name_kana": f"さんぷるだんたい {number:04d}",
            "organisation_type": rng.choice(OrganisationType.values),
            "district_id": rng.choice([*choices.districts, None]),
            "summary": f"ベンチマーク用に作った架空の団体です（{topic}）。",
            "description": rich_text(
                [f"「{topic}」に取り組む架空の団体です。", "実在の団体ではありません。"]
            ),
            "activities": rich_text([f"{topic}の企画と運営（サンプル）"]),
            "meeting_schedule": f"毎月第{rng.randint(1, 4)}土曜日 10:00〜12:00",
            "meeting_place": f"サンプル会場 {rng.randint(1, VENUE_COUNT):02d}",
            "approximate_members": rng.randint(3, 200),
            "recruiting": recruiting,
            "participation_conditions": conditions,
            "contact_name": f"サンプル団体 {number:04d} 事務局",
            "contact_phone": fake_phone(number % 10_000),
            "contact_email": f"{slug}@example.jp",
            "logo_id": rng.choice([*choices.logos, None]),
            "last_confirmed": today - dt.timedelta(days=rng.randint(3, 400)),
        },
        relations={
            "activity_fields": rng.sample(choices.activity_fields, rng.randint(1, 3)),
            "related_actions": rng.sample(choices.actions, rng.randint(0, 2)),
        },
    )


def add_groups(target, today, choices):
    """Sample groups numbered after the existing ones, up to `target`. Returns how many."""
    first = GroupPage.objects.filter(slug__startswith=GROUP_SLUG_PREFIX).count() + 1
    parent = section(GroupIndexPage)
    added = 0
    for numbers in chunks(range(first, target + 1), BATCH_SIZE):
        added += len(
            insert_pages(parent, GroupPage, [group_page(n, today, choices) for n in numbers])
        )
    return added


# Events


def session_values(day, clock, all_day):
    if all_day:
        return {
            "starts_at": start_of_tokyo_day(day),
            "ends_at": at_tokyo(day, ALL_DAY_ENDS_AT),
            "all_day": True,
        }
    starts, ends = clock
    return {"starts_at": at_tokyo(day, starts), "ends_at": at_tokyo(day, ends), "all_day": False}


def session_rows(rng, count, today, years_back=0):
    """`count` sessions in the next DAYS_AHEAD days (or the same days `years_back` years
    earlier), a week or two apart, all at one time of day.

    A session today lasts all day, so every event still has a current or future session
    whatever the hour the benchmark runs.
    """
    every = rng.choice(REPEAT_EVERY_DAYS)
    first = rng.randint(0, DAYS_AHEAD - 1 - every * (count - 1)) - DAYS_AHEAD * years_back
    clock = rng.choice(TIME_SLOTS)
    all_day = rng.random() < 0.03
    days = [today + dt.timedelta(days=first + every * index) for index in range(count)]
    return [
        {**session_values(day, clock, all_day or day == today), "uid": sample_uuid(rng)}
        for day in days
    ]


def registration_fields(rng, first_starts_at, slug):
    if rng.random() < 0.6:
        return {}
    deadline_day = tokyo_date(first_starts_at) - dt.timedelta(days=rng.randint(1, 7))
    return {
        "registration_required": True,
        "registration_deadline": at_tokyo(deadline_day, "17:00"),
        "registration_method": "電話またはメールで問い合わせ先へ（サンプル）",
        "registration_url": f"https://example.jp/apply/{slug}/",
    }


def event_page(number, most_sessions, today, choices, years_back=0):
    """One sample event with at most `most_sessions` sessions, `years_back` years earlier."""
    rng = random.Random(f"{SEED}:event:{number}")
    slug = f"{EVENT_SLUG_PREFIX}{number:06d}"
    topic, kana = rng.choice(TOPICS)
    count = min(rng.choice(SESSIONS_PER_EVENT), most_sessions)
    sessions = session_rows(rng, count, today, years_back)
    status = rng.choices(STATUSES, weights=STATUS_WEIGHTS)[0]
    hybrid = rng.random() < 0.15
    organisers = rng.sample(choices.groups, min(rng.randint(1, 3), len(choices.groups)))
    return NewPage(
        title=f"サンプルイベント {number:05d}：{topic}",
        slug=slug,
        translation_key=sample_uuid(rng),
        fields={
            "is_sample": True,
            "title_kana": f"さんぷるいべんと {number:05d} {kana}",
            "summary": f"ベンチマーク用に作った架空のイベントです（{topic}）。",
            "description": rich_text(
                [f"「{topic}」の架空のイベントです。", "実際には開催されません。"]
            ),
            "status": status,
            "status_note": "" if status == EventStatus.SCHEDULED else "サンプルのお知らせです。",
            "venue_id": rng.choice(choices.venues),
            "room": rng.choice(ROOMS),
            "attendance_mode": AttendanceMode.HYBRID if hybrid else AttendanceMode.IN_PERSON,
            "online_url": f"https://example.jp/online/{slug}/" if hybrid else "",
            "fee": rng.choice((0, 0, 0, 100, 300, 500, 1000)),
            "capacity": rng.choice((None, 10, 20, 30, 50, 100)),
            **registration_fields(rng, sessions[0]["starts_at"], slug),
            "contact_name": "サンプル団体 事務局",
            "contact_phone": fake_phone(number % 10_000),
            "contact_email": f"{slug}@example.jp",
            "image_id": rng.choice(choices.photos),
            "show_on_signage": rng.random() < 0.8,
            "for_schools": rng.random() < 0.2,
            # EventPage.save() keeps these in step with the sessions; bulk rows must do it here.
            "starts_at": sessions[0]["starts_at"],
            "ends_at": sessions[-1]["ends_at"],
        },
        relations={
            "organisers": organisers,
            "audiences": rng.sample(choices.audiences, rng.randint(1, 3)),
            "related_actions": rng.sample(choices.actions, rng.randint(0, 2)),
        },
        sessions=sessions,
    )


def planned_events(first_number, sessions_before, missing_sessions, today, choices, growth):
    """Events numbered from `first_number` whose sessions add up to exactly `missing_sessions`,
    after `sessions_before` sessions already there."""
    number = first_number
    while missing_sessions > 0:
        years_back = sessions_before // SESSIONS_PER_YEAR if growth == HISTORY else 0
        new = event_page(number, missing_sessions, today, choices, years_back)
        missing_sessions -= len(new.sessions)
        sessions_before += len(new.sessions)
        number += 1
        yield new


def add_events(target_sessions, today, choices, growth):
    """Sample events until there are `target_sessions` sessions. Returns (events, sessions) added."""
    first = EventPage.objects.filter(slug__startswith=EVENT_SLUG_PREFIX).count() + 1
    existing = EventSession.objects.count()
    parent = section(EventIndexPage)
    events = sessions = 0
    planned = planned_events(first, existing, target_sessions - existing, today, choices, growth)
    for batch in chunks(planned, BATCH_SIZE):
        page_ids = insert_pages(parent, EventPage, batch)
        events += len(page_ids)
        sessions += insert_sessions(page_ids, batch)
    return events, sessions
