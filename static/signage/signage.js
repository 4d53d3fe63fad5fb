/* The kiosk page of a signage screen (Chromium in kiosk mode, running unattended all day).
 *
 * The server renders the first content into the page; from then on this script polls the
 * GraphQL API by GET with If-None-Match, rotates the slides, lets an emergency notice take over,
 * goes dark outside the operating hours and sends a heartbeat. When the server cannot be reached
 * it keeps the last good content (also kept in localStorage, and the page itself in a service
 * worker) and shows 「最終更新 HH:MM」 until it recovers by itself: never a blank page, a spinner
 * or error text. The API builds the slides (graphql_api/signage/slides.py), for now and for each
 * later moment they change, so that a screen cut off from the server still moves on; this script
 * only shows the set that applies.
 */
(() => {
  "use strict";

  const TOKYO = "Asia/Tokyo";
  const WEEKDAYS = "月火水木金土日";
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

  const monthDay = (t) => `${t.month}月${t.day}日（${WEEKDAYS[t.weekday]}）`;
  const fullDate = (t) => `${t.year}年${monthDay(t)}`;

  /* The slides of the last set that has started; the first set has no start. */
  function slidesAt(content, now) {
    let current = content.timeline[0];
    for (const set of content.timeline) {
      if (set.startsAt && Date.parse(set.startsAt) <= now) current = set;
    }
    return current.slides;
  }

  /* An emergency notice leaves when its time is up, even while the server cannot be reached. */
  const emergencyAt = (content, now) =>
    content.emergency.filter(
      (notice) => !notice.displayUntil || Date.parse(notice.displayUntil) > now,
    );

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
    const emergency = emergencyAt(state.content, now);
    renderClock(now);
    renderStale(now);
    renderEmergency(emergency);
    body.classList.toggle("is-idle", !emergency.length && !isOpen(state.content.screen, now));
    body.dataset.contentVersion = state.content.contentVersion;
    renderSlides(slidesAt(state.content, now));
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
    // The screens share the civic centre's address: naming the screen gives each registered
    // screen its own request allowance instead of sharing the anonymous one.
    const headers = { Accept: "application/json", [config.screenHeader]: config.screen };
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
