/*
 * かまがや協働ポータル: upcoming events for partner sites, from one script tag.
 *
 *   <script src="https://<portal>/static/widget/events.js" data-key="…" data-audience="pupils"
 *           data-count="5" async></script>
 *
 * data-key      the partner's API key (its page's origin must be registered with the key)
 * data-audience audience slug, e.g. pupils; all audiences when absent
 * data-count    how many events, 1–20 (default 5)
 * data-heading  heading text (default 鎌ケ谷市のイベント); data-heading-level 2–6 (default 2)
 * data-target   id of an element to render into; by default the list follows the script tag
 *
 * API data only ever reaches the page through textContent and checked http(s) links, and the
 * script never throws into the host page: on any failure it shows a short message and a link.
 */
(function () {
  "use strict";

  var QUERY =
    "query PartnerWidget($audience: String, $limit: Int!) {" +
    " events(filters: {audience: $audience}, pagination: {limit: $limit}) {" +
    " results { title url status statusLabel isSample" +
    " sessions { startsAt endsAt allDay } venue { name } } } }";
  var DEFAULT_COUNT = 5;
  var MAX_COUNT = 20;
  var DEFAULT_HEADING = "鎌ケ谷市のイベント";
  var TIMEOUT_MS = 10000;
  var WEEKDAYS = "日月火水木金土";
  var STYLE_ID = "kamagaya-events-style";
  // Colours on white: text 17.4:1, links 8.0:1, secondary text 8.9:1 (WCAG AA needs 4.5:1).
  var STYLES =
    ".kamagaya-events{color:#1a1a1a;background:#fff;border:1px solid #767676;" +
    "border-radius:4px;padding:1em;line-height:1.6}" +
    ".kamagaya-events__heading{margin:0 0 .5em;font-size:1.25em;color:#1a1a1a}" +
    ".kamagaya-events__list{list-style:none;margin:0;padding:0}" +
    ".kamagaya-events__item{margin:0;padding:.5em 0;border-top:1px solid #d0d0d0}" +
    ".kamagaya-events__item:first-child{border-top:0}" +
    ".kamagaya-events a{color:#0b4f9c;text-decoration:underline}" +
    ".kamagaya-events a:focus{outline:3px solid #0b4f9c;outline-offset:2px}" +
    ".kamagaya-events__title{font-weight:bold}" +
    ".kamagaya-events__sample{display:inline-block;margin-left:.5em;padding:0 .4em;" +
    "border:1px solid #555;border-radius:3px;font-size:.85em;color:#1a1a1a}" +
    ".kamagaya-events__when,.kamagaya-events__where{margin:.1em 0 0;color:#4a4a4a}" +
    ".kamagaya-events__message,.kamagaya-events__more{margin:.5em 0 0}";

  function ownScript() {
    if (document.currentScript) {
      return document.currentScript;
    }
    // Browsers without currentScript: the first widget tag not yet rendered.
    return document.querySelector('script[src*="/widget/events.js"]:not([data-rendered])');
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function safeLink(url, fallback) {
    try {
      var parsed = new URL(url);
      return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : fallback;
    } catch (error) {
      return fallback;
    }
  }

  function boundedInteger(value, low, high, fallback) {
    var number = parseInt(value, 10);
    return isNaN(number) ? fallback : Math.min(Math.max(number, low), high);
  }

  // The API sends Tokyo times with their offset (2026-12-05T14:00:00+09:00), so the parts are
  // read from the text: the visitor's own time zone must not shift them.
  function tokyoParts(isoDateTime) {
    var match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(isoDateTime);
    var year = Number(match[1]);
    var month = Number(match[2]);
    var day = Number(match[3]);
    return {
      date: year + "年" + month + "月" + day + "日（" +
        WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()] + "）",
      time: match[4] + ":" + match[5],
    };
  }

  // The same wording as the portal's own pages: 2026年12月5日（土） 14:00〜16:00.
  function sessionSpan(session) {
    var start = tokyoParts(session.startsAt);
    var end = tokyoParts(session.endsAt);
    var sameDay = start.date === end.date;
    if (session.allDay) {
      return sameDay ? start.date + " 終日" : start.date + "〜" + end.date;
    }
    if (sameDay) {
      return start.date + " " + start.time + "〜" + end.time;
    }
    return start.date + " " + start.time + "〜" + end.date + " " + end.time;
  }

  function nextSession(sessions) {
    var now = Date.now();
    for (var i = 0; i < sessions.length; i++) {
      if (Date.parse(sessions[i].endsAt) >= now) {
        return sessions[i];
      }
    }
    return sessions[sessions.length - 1] || null;
  }

  function eventItem(event, fallbackLink) {
    var item = element("li", "kamagaya-events__item");
    var title = event.status === "SCHEDULED" ? event.title : "【" + event.statusLabel + "】" + event.title;
    var link = element("a", "kamagaya-events__title", title);
    link.href = safeLink(event.url, fallbackLink);
    item.appendChild(link);
    if (event.isSample) {
      item.appendChild(element("span", "kamagaya-events__sample", "サンプル"));
    }
    var session = nextSession(event.sessions || []);
    if (session) {
      var when = element("p", "kamagaya-events__when");
      var time = element("time", "", sessionSpan(session));
      time.setAttribute("datetime", session.startsAt);
      when.appendChild(time);
      item.appendChild(when);
    }
    if (event.venue && event.venue.name) {
      item.appendChild(element("p", "kamagaya-events__where", "会場：" + event.venue.name));
    }
    return item;
  }

  function addStyles() {
    if (document.getElementById(STYLE_ID)) {
      return;
    }
    var style = element("style", "", STYLES);
    style.id = STYLE_ID;
    (document.head || document.documentElement).appendChild(style);
  }

  function render(script) {
    var portal = new URL(script.src, document.baseURI).origin;
    var eventsPage = portal + "/events/";
    var number = document.querySelectorAll(".kamagaya-events").length + 1;
    var headingLevel = boundedInteger(script.getAttribute("data-heading-level"), 2, 6, 2);

    var section = element("section", "kamagaya-events");
    var heading = element(
      "h" + headingLevel,
      "kamagaya-events__heading",
      script.getAttribute("data-heading") || DEFAULT_HEADING
    );
    heading.id = "kamagaya-events-" + number;
    section.setAttribute("aria-labelledby", heading.id);
    section.setAttribute("aria-busy", "true");
    section.appendChild(heading);
    var message = element("p", "kamagaya-events__message", "イベント情報を読み込んでいます…");
    message.setAttribute("role", "status");
    section.appendChild(message);

    var target = script.getAttribute("data-target");
    var container = target && document.getElementById(target);
    if (container) {
      container.appendChild(section);
    } else {
      script.parentNode.insertBefore(section, script.nextSibling);
    }

    function moreLink(text) {
      var more = element("p", "kamagaya-events__more");
      var link = element("a", "", text);
      link.href = eventsPage;
      more.appendChild(link);
      return more;
    }

    function showMessage(text) {
      message.textContent = text;
      var link = element("a", "", "かまがや協働ポータルのイベント一覧");
      link.href = eventsPage;
      message.appendChild(link);
      message.appendChild(document.createTextNode("をご覧ください。"));
      section.removeAttribute("aria-busy");
    }

    function showEvents(events) {
      if (!events.length) {
        showMessage("これからのイベントは、いまはありません。");
        return;
      }
      var list = element("ul", "kamagaya-events__list");
      for (var i = 0; i < events.length; i++) {
        list.appendChild(eventItem(events[i], eventsPage));
      }
      message.textContent = "";
      section.insertBefore(list, message);
      section.appendChild(moreLink("イベントをもっと見る（かまがや協働ポータル）"));
      section.removeAttribute("aria-busy");
    }

    var variables = {
      audience: script.getAttribute("data-audience") || null,
      limit: boundedInteger(script.getAttribute("data-count"), 1, MAX_COUNT, DEFAULT_COUNT),
    };
    var url =
      portal + "/graphql/?query=" + encodeURIComponent(QUERY) +
      "&variables=" + encodeURIComponent(JSON.stringify(variables));
    var headers = { Accept: "application/json" };
    var key = script.getAttribute("data-key");
    if (key) {
      headers["X-Api-Key"] = key;
    }
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller && setTimeout(function () { controller.abort(); }, TIMEOUT_MS);

    fetch(url, {
      headers: headers,
      credentials: "omit",
      mode: "cors",
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (body) {
        if (body.errors || !body.data) {
          throw new Error("GraphQL errors");
        }
        showEvents(body.data.events.results);
      })
      .catch(function () {
        showMessage("イベント情報を読み込めませんでした。");
      })
      .then(function () {
        clearTimeout(timer);
      });
  }

  try {
    var script = ownScript();
    if (script) {
      script.setAttribute("data-rendered", "");
      addStyles();
      render(script);
    }
  } catch (error) {
    // A broken widget must never break the partner's page.
  }
})();
