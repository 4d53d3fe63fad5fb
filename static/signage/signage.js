/* The kiosk page of a signage screen (Chromium in kiosk mode, running unattended all day).
 *
 * The server renders the first content into the page; from then on this script polls the
 * GraphQL API by GET with If-None-Match, rotates the slides, lets an emergency notice take over,
 * goes dark outside the operating hours and sends a heartbeat. When the server cannot be reached
 * it keeps the last good content (also kept in localStorage, and the page itself in a service
 * worker) and shows 「最終更新 HH:MM」 until it recovers by itself: never a blank page, a spinner
 * or error text. The slides are built like signage/slides.py builds the first ones.
 */
(() => {
  "use strict";

  const TOKYO = "Asia/Tokyo";
  const WEEKDAYS = "月火水木金土日";
  const ROWS_PER_SLIDE = {
    LANDSCAPE: { now: 4, today: 4, week: 4, groups: 3, notices: 1 },
    PORTRAIT: { now: 8, today: 8, week: 8, groups: 6, notices: 2 },
  };
  const TITLES = {
    now: "ただいまの催し・次の催し",
    today: "本日のイベント",
    week: "これから1週間のイベント",
    groups: "メンバー募集中の団体",
    notices: "お知らせ",
  };
  const WELCOME_TITLE = "かまがや協働ポータル";
  const WELCOME_TEXT = "市民活動・イベントの情報をご案内しています。";
  const ROOM_FALLBACK = "会場";
  const MAX_BACKOFF_SECONDS = 60;
  const FIRST_RETRY_SECONDS = 5;
  const REQUEST_TIMEOUT_MS = 15000;

  const readJson = (id) => JSON.parse(document.getElementById(id).textContent);
  const config = readJson("signage-config");
  const storageKey = `signage:${config.screen}`;
  const bootedAt = Date.now();
  const body = document.body;

  /* Tokyo wall-clock time, whatever the kiosk's own time zone. */
  const tokyoFormat = new Intl.DateTimeFormat("en-US", {
    timeZone: TOKYO,
    year: "numeric",
    month: "numeric",
    day: "numeric",
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
  const WEEKDAY_INDEX = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };
  const pad = (number) => String(number).padStart(2, "0");

  function tokyo(moment) {
    const parts = {};
    for (const { type, value } of tokyoFormat.formatToParts(moment)) parts[type] = value;
    return {
      year: Number(parts.year),
      month: Number(parts.month),
      day: Number(parts.day),
      weekday: WEEKDAY_INDEX[parts.weekday],
      time: `${parts.hour}:${parts.minute}`,
      clock: `${parts.hour}:${parts.minute}:${parts.second}`,
      dayKey: `${parts.year}-${pad(parts.month)}-${pad(parts.day)}`,
    };
  }

  const at = (iso) => tokyo(Date.parse(iso));
  const monthDay = (t) => `${t.month}月${t.day}日（${WEEKDAYS[t.weekday]}）`;
  const fullDate = (t) => `${t.year}年${monthDay(t)}`;

  function timeSpan(item) {
    if (item.allDay) return "終日";
    const start = at(item.startsAt);
    const end = at(item.endsAt);
    return start.dayKey === end.dayKey ? `${start.time}〜${end.time}` : `${start.time}〜`;
  }

  function place(item) {
    if (item.atScreenVenue) return item.room;
    return [item.venueName, item.room].filter(Boolean).join(" ");
  }

  const joined = (...parts) => parts.filter(Boolean).join("　");
  const sampleMark = (item) => (item.isSample ? ["サンプル"] : []);
  const badges = (item) => [
    ...(item.status && item.status !== "SCHEDULED" ? [item.statusLabel] : []),
    ...sampleMark(item),
  ];

  function row(title, { meta = "", label = "", text = "", marks = [], upcoming = false } = {}) {
    return { label, upcoming, meta, title, text, badges: marks };
  }
  const eventRow = (item, meta, label = {}) =>
    row(item.title, { meta, marks: badges(item), ...label });

  function roomRows(rooms) {
    const rows = [];
    for (const room of rooms) {
      const name = room.room || ROOM_FALLBACK;
      for (const item of room.now) {
        rows.push(eventRow(item, `${name}　${timeSpan(item)}`, { label: "開催中" }));
      }
      if (room.next) {
        rows.push(
          eventRow(room.next, `${name}　${timeSpan(room.next)}`, { label: "次", upcoming: true }),
        );
      }
    }
    return rows;
  }

  function kindsOfRows(shown) {
    return {
      now: roomRows(shown.nowAndNext),
      today: shown.today.map((item) => eventRow(item, joined(timeSpan(item), place(item)))),
      week: shown.thisWeek.map((item) =>
        eventRow(item, joined(monthDay(at(item.startsAt)), timeSpan(item), place(item))),
      ),
      groups: shown.recruitingGroups.map((group) =>
        row(group.name, { meta: group.meetingSchedule, text: group.summary, marks: sampleMark(group) }),
      ),
      notices: shown.notices.map((notice) =>
        row(notice.title, {
          text: notice.text,
          marks: [...(notice.priority === "IMPORTANT" ? ["重要"] : []), ...sampleMark(notice)],
        }),
      ),
    };
  }

  function buildSlides(shown) {
    const perSlide = ROWS_PER_SLIDE[shown.screen.orientation];
    const slides = [];
    for (const [kind, rows] of Object.entries(kindsOfRows(shown))) {
      const size = perSlide[kind];
      const pages = Math.ceil(rows.length / size);
      for (let number = 1; number <= pages; number += 1) {
        slides.push({
          kind,
          title: TITLES[kind],
          page: pages > 1 ? `${number}/${pages}` : "",
          rows: rows.slice((number - 1) * size, number * size),
        });
      }
    }
    if (slides.length) return slides;
    return [{ kind: "welcome", title: WELCOME_TITLE, page: "", rows: [row(WELCOME_TEXT)] }];
  }

  /* What the content shows at `now`: sessions that ended drop off, notices leave when their
   * time is up, and after midnight yesterday's lists give way to today's, even offline. */
  function shownAt(content, now) {
    const today = tokyo(now).dayKey;
    const notOver = (item) => Date.parse(item.endsAt) > now;
    const stillShown = (notice) => !notice.displayUntil || Date.parse(notice.displayUntil) > now;
    const shown = {
      screen: content.screen,
      emergency: content.emergency.filter(stillShown),
      notices: content.notices.filter(stillShown),
      recruitingGroups: content.recruitingGroups,
    };
    if (content.day < today) {
      const dayOf = (item) => at(item.startsAt).dayKey;
      return {
        ...shown,
        nowAndNext: [],
        today: content.thisWeek.filter((item) => dayOf(item) === today && notOver(item)),
        thisWeek: content.thisWeek.filter((item) => dayOf(item) > today),
      };
    }
    const started = (item) => Date.parse(item.startsAt) <= now;
    const rooms = content.nowAndNext
      .map((room) => {
        const nextStarted = room.next && started(room.next);
        return {
          room: room.room,
          now: [...room.now, ...(nextStarted ? [room.next] : [])].filter(notOver),
          next: nextStarted ? null : room.next,
        };
      })
      .filter((room) => room.now.length || room.next);
    return {
      ...shown,
      nowAndNext: rooms,
      today: content.today.filter(notOver),
      thisWeek: content.thisWeek,
    };
  }

  function isOpen(screen, now) {
    const clock = tokyo(now).clock;
    return screen.opensAt <= clock && clock < screen.closesAt;
  }

  /* DOM, built with textContent only: content never becomes markup. */
  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function slideElement(slide) {
    const section = element("section", `slide slide--${slide.kind}`);
    section.dataset.kind = slide.kind;
    const title = element("h1", "slide__title", slide.title);
    if (slide.page) title.append(element("span", "slide__page", slide.page));
    const list = element("ul", "rows");
    for (const item of slide.rows) {
      const entry = element("li", "row");
      if (item.label || item.badges.length || item.meta) {
        const meta = element("p", "row__meta");
        if (item.label) {
          meta.append(element("span", item.upcoming ? "label label--next" : "label", item.label));
        }
        for (const badge of item.badges) meta.append(element("span", "badge", badge));
        meta.append(item.meta);
        entry.append(meta);
      }
      entry.append(element("p", "row__title", item.title));
      if (item.text) entry.append(element("p", "row__text", item.text));
      list.append(entry);
    }
    section.append(title, list);
    return section;
  }

  const slidesBox = document.getElementById("slides");
  const dotsBox = document.getElementById("dots");
  const emergencyBox = document.getElementById("emergency");
  const staleLabel = document.getElementById("stale");

  const state = {
    content: null,
    fetchedAt: 0,
    etag: null,
    failures: 0,
    failing: false,
    slideIndex: 0,
    slideShownAt: Date.now(),
    slideCount: 0,
    renderedSlides: "",
    renderedEmergency: "",
    day: tokyo(Date.now()).dayKey,
    pollTimer: null,
  };

  function showSlide(index) {
    state.slideIndex = index;
    state.slideShownAt = Date.now();
    [...slidesBox.children].forEach((slide, position) => {
      slide.hidden = position !== index;
    });
    [...dotsBox.children].forEach((dot, position) => {
      dot.classList.toggle("is-current", position === index);
    });
    body.dataset.slideIndex = String(index);
  }

  function renderSlides(slides) {
    const key = JSON.stringify(slides);
    if (key === state.renderedSlides) return;
    state.renderedSlides = key;
    slidesBox.replaceChildren(...slides.map(slideElement));
    dotsBox.replaceChildren(...slides.map(() => element("span", "dot")));
    state.slideCount = slides.length;
    showSlide(state.slideIndex < slides.length ? state.slideIndex : 0);
  }

  function renderEmergency(notices) {
    const notice = notices.length ? notices[state.slideIndex % notices.length] : null;
    const key = JSON.stringify(notice);
    if (key === state.renderedEmergency) return;
    state.renderedEmergency = key;
    emergencyBox.hidden = !notice;
    body.classList.toggle("has-emergency", Boolean(notice));
    if (!notice) return;
    emergencyBox.replaceChildren(
      element("p", "emergency__label", "緊急のお知らせ"),
      element("h1", "emergency__title", notice.title),
      element("p", "emergency__text", notice.text),
    );
  }

  function renderClock(now) {
    const t = tokyo(now);
    document.getElementById("clock").textContent = t.time;
    document.getElementById("date").textContent = monthDay(t);
    document.getElementById("idle-clock").textContent = t.time;
    document.getElementById("idle-date").textContent = fullDate(t);
  }

  function renderStale(now) {
    const stale = state.failing || now - state.fetchedAt > 2 * config.pollSeconds * 1000 + 5000;
    body.dataset.state = stale ? "stale" : "fresh";
    staleLabel.hidden = !stale;
    if (!stale) return;
    const fetched = tokyo(state.fetchedAt);
    const sameDay = fetched.dayKey === tokyo(now).dayKey;
    staleLabel.textContent = `最終更新 ${sameDay ? "" : `${fetched.month}月${fetched.day}日 `}${fetched.time}`;
  }

  function render() {
    const now = Date.now();
    const shown = shownAt(state.content, now);
    renderClock(now);
    renderStale(now);
    renderEmergency(shown.emergency);
    body.classList.toggle("is-idle", !shown.emergency.length && !isOpen(shown.screen, now));
    body.dataset.contentVersion = state.content.contentVersion;
    renderSlides(buildSlides(shown));
  }

  function tick() {
    const now = Date.now();
    const today = tokyo(now).dayKey;
    if (today !== state.day) {
      state.day = today;
      poll();
    }
    const seconds = config.slideSeconds || state.content.screen.secondsPerSlide;
    if (now - state.slideShownAt >= seconds * 1000) {
      showSlide(state.slideCount ? (state.slideIndex + 1) % state.slideCount : 0);
    }
    render();
  }

  /* Polling: GET with If-None-Match; failures back off exponentially up to a minute. */
  function remember() {
    try {
      localStorage.setItem(
        storageKey,
        JSON.stringify({ queryId: config.queryId, content: state.content, fetchedAt: state.fetchedAt }),
      );
    } catch {
      /* A full or disabled storage only costs the copy for reloads while offline. */
    }
  }

  /* The copy kept by this version of the page; one kept for another query has another shape. */
  function remembered() {
    try {
      const kept = JSON.parse(localStorage.getItem(storageKey));
      return kept && kept.queryId === config.queryId ? kept : null;
    } catch {
      return null;
    }
  }

  async function persistedQueryRetired(response) {
    try {
      const body = await response.json();
      return body.errors.some((error) => error.extensions?.code === "PERSISTED_QUERY_NOT_FOUND");
    } catch {
      return false;
    }
  }

  async function fetchContent() {
    const params = new URLSearchParams({
      id: config.queryId,
      variables: JSON.stringify({ screen: config.screen }),
    });
    // X-Signage-Screen: the screens share the civic centre's address, and each registered
    // screen gets its own request allowance instead of sharing the anonymous one.
    const headers = { Accept: "application/json", "X-Signage-Screen": config.screen };
    if (state.etag) headers["If-None-Match"] = state.etag;
    const response = await fetch(`${config.apiUrl}?${params}`, {
      headers,
      cache: "no-store",
      credentials: "omit",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (response.status === 304) return null;
    if (response.status === 400 && (await persistedQueryRetired(response))) {
      // A new release changed the screen's query: the reloaded page carries the new one.
      location.reload();
      return null;
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const result = await response.json();
    if (!result.data || !result.data.signage) throw new Error("no content");
    state.etag = response.headers.get("ETag");
    return result.data.signage;
  }

  async function poll() {
    clearTimeout(state.pollTimer);
    let delay = config.pollSeconds;
    try {
      const content = await fetchContent();
      if (content) state.content = content;
      state.fetchedAt = Date.now();
      state.failures = 0;
      state.failing = false;
      remember();
    } catch {
      state.failures += 1;
      state.failing = true;
      const firstRetry = Math.min(FIRST_RETRY_SECONDS, config.pollSeconds);
      delay = Math.min(MAX_BACKOFF_SECONDS, firstRetry * 2 ** (state.failures - 1));
    }
    render();
    state.pollTimer = setTimeout(poll, delay * 1000);
  }

  function heartbeat() {
    fetch(config.heartbeatUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        contentVersion: state.content.contentVersion,
        uptimeSeconds: Math.floor((Date.now() - bootedAt) / 1000),
      }),
      credentials: "omit",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    }).catch(() => {
      /* The next heartbeat tries again; the admin shows the screen offline meanwhile. */
    });
  }

  /* Start from the newer of the page's own content and the copy kept from the last poll. */
  const stored = remembered();
  const renderedAt = Date.parse(config.renderedAt);
  if (stored && stored.fetchedAt > renderedAt) {
    state.content = stored.content;
    state.fetchedAt = stored.fetchedAt;
  } else {
    state.content = readJson("signage-content");
    state.fetchedAt = renderedAt;
    remember();
  }
  render();
  setInterval(tick, 1000);
  // A page the service worker kept while the server was down starts with old content.
  const age = Date.now() - state.fetchedAt;
  state.pollTimer = setTimeout(poll, Math.max(0, config.pollSeconds * 1000 - age));
  window.addEventListener("online", poll);
  heartbeat();
  setInterval(heartbeat, config.heartbeatSeconds * 1000);
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(config.serviceWorkerUrl).catch(() => {
      /* Without it the screen still runs; it only cannot start while the server is down. */
    });
  }
})();
