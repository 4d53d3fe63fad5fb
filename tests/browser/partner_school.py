"""A partner school's web server on another port (hence another origin than the portal) that
serves a page embedding the events widget, for the widget's browser tests."""

import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from playwright.sync_api import expect

from partners.models import Partner

AUDIENCE_SLUG = "pupils"
COUNT = 5

SCHOOL_PAGE = """<!doctype html>
<html lang="ja">
<head><meta charset="utf-8"><title>鎌ケ谷市立第一中学校</title></head>
<body>
<header><p>鎌ケ谷市立第一中学校</p></header>
<main>
<h1>地域のイベント</h1>
<p>鎌ケ谷市のイベントから、小中学生向けのものを紹介します。</p>
<script src="{portal}/static/widget/events.js" data-audience="{audience}" data-count="{count}"
  data-key="{key}" async></script>
</main>
</body>
</html>
"""


@dataclass
class SchoolSite:
    """A partner school's web server on another port, hence another origin than the portal."""

    origin: str
    pages: dict = field(default_factory=dict)


@contextmanager
def school_site_server():
    site = SchoolSite(origin="")

    class SchoolPages(BaseHTTPRequestHandler):
        def do_GET(self):
            page = site.pages.get(self.path)
            if page is None:
                self.send_error(404)
                return
            body = page.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), SchoolPages)
    site.origin = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def partner_key(allowed_origins, name="鎌ケ谷市立第一中学校"):
    partner = Partner(name=name, allowed_origins=allowed_origins)
    raw_key = partner.issue_key()
    partner.save()
    return raw_key


def open_school_page(page, school_site, portal_url, key):
    site_page = SCHOOL_PAGE.format(portal=portal_url, audience=AUDIENCE_SLUG, count=COUNT, key=key)
    school_site.pages["/"] = site_page
    page_errors = []
    page.on("pageerror", lambda error: page_errors.append(error))
    page.goto(school_site.origin + "/")
    widget = page.get_by_role("region", name="鎌ケ谷市のイベント")
    expect(widget).not_to_have_attribute("aria-busy", "true")
    return widget, page_errors
