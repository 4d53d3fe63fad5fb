"""The signage kiosk page in headless Chromium at the screens' own resolution, as the lobby's
Chromium in kiosk mode runs it: today's events, rotating slides, an emergency that takes over
and leaves, the server going away and coming back, and type large enough to read across a lobby.

Poll, slide and heartbeat intervals are shortened through the page's test-only parameters, so
each test takes seconds rather than minutes.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cms.channel_names import SCREEN_HEADER
from home.loading.site import ensure_site_tree
from home.models import EventIndexPage, GroupIndexPage, NoticeIndexPage
from jp.formatting import month_day
from jp.time import TOKYO, tokyo_now
from signage.models import SignageScreen
from tests.factories import GroupPageFactory, NoticePageFactory, VenueFactory, event_with_sessions

from .accessibility import inject_axe
from .conftest import SCREENSHOTS_DIR

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FAST = "?poll=2&slide=2&heartbeat=2"
LANDSCAPE = {"width": 1920, "height": 1080}
PORTRAIT = {"width": 1080, "height": 1920}
LONG_TITLE = (
    "鎌ケ谷市民の皆さまと一緒に考える、これからの地域づくりと協働のまちづくりを語り合う" * 3
)
MIN_BODY_PX = 32
MIN_TITLE_PX = 56
SLIDE_KINDS_IN_ORDER = ["now", "today", "week", "groups", "notices"]
API = re.compile(r"/graphql/")


@pytest.fixture
def fast_timings(settings):
    settings.SIGNAGE_TIMING_OVERRIDES = True


@pytest.fixture
def hall(transactional_db):
    ensure_site_tree()
    return VenueFactory(name="きらり鎌ケ谷市民会館", slug="kirari")


def screen(slug, hall, orientation="landscape"):
    # Open around the clock, so the tests do not depend on when they run.
    return SignageScreen.objects.create(
        name="1階ロビー",
        slug=slug,
        venue=hall,
        orientation=orientation,
        seconds_per_slide=5,
        opens_at=dt.time(0, 0),
        closes_at=dt.time(23, 59, 59),
    )


def event(title, starts_at, ends_at, **fields):
    return event_with_sessions(
        EventIndexPage.objects.get(), (starts_at, ends_at), title=title, **fields
    )


@pytest.fixture
def lobby(hall, fast_timings):
    now = timezone.now()
    event(
        "囲碁の会",
        now - dt.timedelta(hours=1),
        now + dt.timedelta(hours=1),
        venue=hall,
        room="和室",
    )
    event(
        "公民館の講演",
        now - dt.timedelta(minutes=30),
        now + dt.timedelta(hours=2),
        venue=VenueFactory(name="中央公民館"),
    )
    event(LONG_TITLE, now, now + dt.timedelta(hours=3), venue=VenueFactory(name="東部公民館"))
    event(
        "午後の合唱",
        now + dt.timedelta(hours=2),
        now + dt.timedelta(hours=3),
        venue=hall,
        room="和室",
    )
    event(
        "中止になった講座",
        now + dt.timedelta(minutes=10),
        now + dt.timedelta(hours=1),
        venue=hall,
        room="第1会議室",
        status="cancelled",
        is_sample=True,
    )
    event("来週の清掃", now + dt.timedelta(days=3), now + dt.timedelta(days=3, hours=2))
    GroupPageFactory(
        parent=GroupIndexPage.objects.get(),
        title="鎌ケ谷防災ボランティアの会",
        recruiting=True,
        meeting_schedule="毎月第2土曜日 10:00〜12:00",
    )
    NoticePageFactory(
        parent=NoticeIndexPage.objects.get(),
        title="図書室の休室",
        body="<p>" + "館内整理のため、図書室をお休みします。" * 30 + "</p>",
    )
    return screen("lobby", hall)


@pytest.fixture
def kiosk(request, chromium_browser):
    """A kiosk's browser: fixed resolution, Japanese, and a clock that is not Tokyo's. No
    script error may happen in it, whatever the test does to the network."""
    contexts, script_errors = [], []

    def open_kiosk(viewport=LANDSCAPE, **options):
        context = chromium_browser.new_context(
            viewport=viewport, locale="ja-JP", timezone_id="UTC", **options
        )
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: script_errors.append(str(error)))
        return page

    yield open_kiosk
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    for number, context in enumerate(contexts):
        for page in context.pages:
            page.screenshot(path=SCREENSHOTS_DIR / f"{request.node.name}-{number}.png")
        context.close()
    assert script_errors == []


def visible_slide(page):
    return page.locator(".slide:not([hidden])")


def slide_texts(page):
    """Every slide's text without the markup's whitespace: what a visitor reads in a rotation."""
    return page.eval_on_selector_all(
        ".slide", "slides => slides.map(s => s.textContent.replace(/\\s+/g, ''))"
    )


def test_the_screen_shows_todays_events_in_tokyo_time(live_server, lobby, kiosk):
    page = kiosk()
    page.goto(f"{live_server.url}/signage/lobby/{FAST}")

    texts = " ".join(slide_texts(page))
    assert "囲碁の会" in texts and "公民館の講演" in texts and "来週の清掃" in texts
    expect(page.locator(".slide--now")).to_contain_text("開催中")
    expect(page.locator(".slide--now")).to_contain_text("和室")
    expect(page.locator(".slide--today")).to_contain_text("中央公民館")
    # The kiosk's own clock is in UTC; the screen shows Tokyo's time and date.
    tokyo = tokyo_now()
    expect(page.locator("#clock")).to_have_text(
        re.compile(rf"{tokyo:%H}:\d\d|{(tokyo + dt.timedelta(minutes=1)):%H}:\d\d")
    )
    expect(page.locator("#date")).to_have_text(re.compile(r"\d+月\d+日（[月火水木金土日]）"))
    expect(page.locator("body")).to_have_attribute("data-state", "fresh")


def test_the_script_shows_the_same_slides_the_server_rendered(
    live_server, lobby, kiosk, chromium_browser
):
    scripted = kiosk()
    scripted.goto(f"{live_server.url}/signage/lobby/{FAST}")
    plain = kiosk(java_script_enabled=False)
    plain.goto(f"{live_server.url}/signage/lobby/{FAST}")

    assert slide_texts(scripted) == slide_texts(plain)
    assert len(slide_texts(plain)) == len(SLIDE_KINDS_IN_ORDER)


def test_slides_rotate_in_order_and_wrap_around(live_server, lobby, kiosk):
    page = kiosk()
    page.goto(f"{live_server.url}/signage/lobby/{FAST}")

    seen = []
    for _ in range(len(SLIDE_KINDS_IN_ORDER) + 1):
        kind = visible_slide(page).get_attribute("data-kind")
        seen.append(kind)
        expect(visible_slide(page)).not_to_have_attribute("data-kind", kind, timeout=5000)

    assert seen == [*SLIDE_KINDS_IN_ORDER, SLIDE_KINDS_IN_ORDER[0]]
    expect(page.locator(".dot.is-current")).to_have_count(1)


def test_an_emergency_takes_over_within_one_poll_and_leaves_when_it_expires(
    live_server, lobby, kiosk
):
    page = kiosk()
    page.goto(f"{live_server.url}/signage/lobby/{FAST}")
    expect(page.locator("#emergency")).to_be_hidden()

    NoticePageFactory(
        parent=NoticeIndexPage.objects.get(),
        title="避難所を開設しました",
        body="<p>体育館を避難所として開設しました。</p>",
        priority="emergency",
        expire_at=timezone.now() + dt.timedelta(seconds=8),
    )

    emergency = page.get_by_role("alert")
    expect(emergency).to_be_visible(timeout=4000)
    expect(emergency).to_contain_text("緊急のお知らせ")
    expect(emergency.get_by_role("heading")).to_have_text("避難所を開設しました")
    expect(page.locator("#screen")).to_be_hidden()

    expect(emergency).to_be_hidden(timeout=10000)
    expect(visible_slide(page)).to_be_visible()


def test_at_tokyo_midnight_today_rolls_over_without_a_reload(
    live_server, hall, fast_timings, kiosk
):
    screen("lobby", hall)
    today = tokyo_now().date()
    midnight = dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min, tzinfo=TOKYO)
    elsewhere = VenueFactory(name="中央公民館")
    event(
        "夜の天体観測",
        midnight - dt.timedelta(hours=1),
        midnight - dt.timedelta(seconds=20),
        venue=elsewhere,
    )
    event(
        "初日の出を見る会",
        midnight + dt.timedelta(hours=5),
        midnight + dt.timedelta(hours=7),
        venue=elsewhere,
    )
    page = kiosk()
    page.clock.install(time=midnight - dt.timedelta(seconds=40))
    page.goto(f"{live_server.url}/signage/lobby/?poll=60&slide=60")
    expect(page.locator("#date")).to_have_text(month_day(midnight - dt.timedelta(days=1)))
    expect(page.locator(".slide--today")).to_contain_text("夜の天体観測")
    expect(page.locator(".slide--week")).to_contain_text("初日の出を見る会")

    page.clock.fast_forward(60_000)

    expect(page.locator("#date")).to_have_text(month_day(midnight))
    expect(page.locator(".slide--today")).to_have_text(re.compile("初日の出を見る会"))
    expect(page.locator(".slide--today")).not_to_contain_text("夜の天体観測")
    expect(page.locator(".slide--week")).to_have_count(0)


def test_without_the_server_the_last_content_stays_with_the_time_it_was_fetched(
    live_server, lobby, kiosk
):
    page = kiosk()
    page.goto(f"{live_server.url}/signage/lobby/{FAST}")
    expect(page.locator("body")).to_have_attribute("data-state", "fresh")
    before = slide_texts(page)

    page.route(API, lambda route: route.abort("connectionrefused"))
    stale = page.locator("#stale")
    expect(stale).to_have_text(re.compile(r"^最終更新 \d\d:\d\d$"), timeout=6000)
    assert slide_texts(page) == before
    expect(visible_slide(page)).to_be_visible()

    page.unroute(API)
    expect(stale).to_be_hidden(timeout=20000)
    expect(page.locator("body")).to_have_attribute("data-state", "fresh")
    assert slide_texts(page) == before


def test_server_errors_are_never_shown(live_server, lobby, kiosk):
    page = kiosk()
    page.goto(f"{live_server.url}/signage/lobby/{FAST}")
    page.route(API, lambda route: route.fulfill(status=502, body="Bad Gateway"))

    expect(page.locator("#stale")).to_be_visible(timeout=6000)
    text = page.locator("body").inner_text()
    assert "Bad Gateway" not in text and "502" not in text
    expect(visible_slide(page)).to_be_visible()


def test_a_reload_while_the_server_is_unreachable_still_shows_the_content(
    live_server, lobby, kiosk
):
    page = kiosk()
    page.goto(f"{live_server.url}/signage/lobby/{FAST}")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    # Once the worker controls the page, it keeps the page and its files as they load.
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    before = slide_texts(page)

    page.context.set_offline(True)
    page.reload()

    assert slide_texts(page) == before
    expect(page.locator("#stale")).to_have_text(re.compile(r"^最終更新 \d\d:\d\d$"), timeout=6000)


def show_only(page, index):
    """Hold one slide on screen, as the rotation would show it."""
    page.evaluate(
        """index => document.querySelectorAll('.slide').forEach(
            (slide, position) => { slide.hidden = position !== index; })""",
        index,
    )


def used_fonts(page, selector):
    """The fonts Chromium actually drew a node's text with: (family, is a web font)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return sorted({(font["familyName"], font["isCustomFont"]) for font in fonts})


def computed_sizes(page, selector):
    return page.eval_on_selector_all(
        selector,
        """nodes => nodes
            .filter(node => [...node.childNodes].some(c => c.nodeType === 3 && c.textContent.trim()))
            .filter(node => node.getClientRects().length)
            .map(node => [node.className || node.tagName, parseFloat(getComputedStyle(node).fontSize)])""",
    )


@pytest.mark.parametrize("viewport", [LANDSCAPE, PORTRAIT], ids=["landscape", "portrait"])
def test_type_is_large_enough_and_nothing_overflows(
    live_server, hall, fast_timings, kiosk, viewport
):
    orientation = "portrait" if viewport is PORTRAIT else "landscape"
    screen("hall", hall, orientation)
    now = timezone.now()
    for number in range(12):
        event(f"{LONG_TITLE}{number}", now, now + dt.timedelta(hours=3), venue=VenueFactory())
    page = kiosk(viewport)
    page.goto(f"{live_server.url}/signage/hall/?poll=60&slide=60")
    page.evaluate("document.fonts.ready.then(() => true)")

    assert used_fonts(page, ".bar__place") == [("BIZ UDGothic", True)]
    assert used_fonts(page, ".slide:not([hidden]) .row__title") == [("BIZ UDGothic", True)]
    slide_count = page.locator(".slide").count()
    for index in range(slide_count):
        show_only(page, index)
        sizes = computed_sizes(page, "body *")
        assert sizes and all(size >= MIN_BODY_PX for _, size in sizes), sizes
        title_sizes = [size for name, size in computed_sizes(page, ".slide__title")]
        assert title_sizes and min(title_sizes) >= MIN_TITLE_PX
        assert page.evaluate(
            """() => {
                const slides = document.querySelector('.slides');
                const fits = slides.scrollHeight <= slides.clientHeight;
                const inside = [...document.querySelectorAll('body *')].every(node => {
                    const box = node.getBoundingClientRect();
                    return box.right <= innerWidth + 1 && box.bottom <= innerHeight + 1;
                });
                return fits && inside;
            }"""
        ), f"slide {index} overflows"

    # A long title wraps to two lines at its full size and is cut with an ellipsis.
    show_only(
        page,
        page.evaluate(
            "[...document.querySelectorAll('.slide')].findIndex(s => s.dataset.kind === 'today')"
        ),
    )
    long_title = page.locator(".slide--today:not([hidden]) .row__title").first
    metrics = long_title.evaluate(
        """node => ({size: parseFloat(getComputedStyle(node).fontSize),
                     lines: node.clientHeight / parseFloat(getComputedStyle(node).lineHeight),
                     clamp: getComputedStyle(node).webkitLineClamp,
                     cut: node.scrollHeight > node.clientHeight})"""
    )
    assert metrics == {"size": 48, "lines": 2, "clamp": "2", "cut": True}


def test_every_colour_pair_reaches_7_to_1(live_server, lobby, kiosk):
    page = kiosk()
    page.goto(f"{live_server.url}/signage/lobby/?poll=60&slide=60")
    inject_axe(page)

    for index in range(page.locator(".slide").count()):
        show_only(page, index)
        violations = page.evaluate(
            "() => axe.run(document, {runOnly: ['color-contrast-enhanced']})"
            ".then(result => result.violations.map(v => v.nodes.map(n => n.target)))"
        )
        assert violations == [], f"slide {index}: {violations}"


def test_the_heartbeat_reports_the_content_version(live_server, lobby, kiosk):
    page = kiosk()
    page.goto(f"{live_server.url}/signage/lobby/{FAST}")
    version = page.locator("body").get_attribute("data-content-version")

    page.wait_for_timeout(3000)

    lobby.refresh_from_db()
    assert lobby.content_version == version
    assert lobby.is_online()
    assert lobby.uptime_seconds >= 2


def test_each_poll_names_its_screen_in_the_header_the_partner_gate_reads(live_server, lobby, kiosk):
    page = kiosk()
    with page.expect_request(API) as poll:
        page.goto(f"{live_server.url}/signage/lobby/{FAST}")

    assert poll.value.headers[SCREEN_HEADER.lower()] == "lobby"


def test_an_unknown_screen_shows_a_japanese_page(live_server, hall, kiosk):
    page = kiosk()
    response = page.goto(f"{live_server.url}/signage/nope/")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("この画面は登録されていません")
