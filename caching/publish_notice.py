"""After a publish or unpublish in the admin, the editor is told when each channel shows it.

The website shows a change on its next load (caching/http.py), the API and feeds within their
max-age, and signage screens at their next poll: editors who expected the change at once everywhere
thought publishing had failed. The delays are computed from the settings that make them.

Wagtail publishes from several admin views: the publish button, approval from the dashboard or the
edit page, bulk actions, unpublish. The dashboard's approval runs no hook, so the message follows
Wagtail's own page_published and page_unpublished signals, for the admin request that sent them
(remembered by AdminRequestMiddleware). Scheduled publishing runs outside any request: no message.
"""

from contextvars import ContextVar

from django.conf import settings
from wagtail.admin import messages
from wagtail.signals import page_published, page_unpublished

from cms.channel_names import SIGNAGE_POLL_SECONDS

ADMIN_PREFIX = "/admin/"
PUBLISHED = "published"
UNPUBLISHED = "unpublished"
HEADINGS = {
    PUBLISHED: "公開した内容が表示されるまでの目安",
    UNPUBLISHED: "公開を停止した内容が表示されなくなるまでの目安",
}
ANNOUNCED_ATTRIBUTE = "_channel_delays_announced"

_admin_request = ContextVar("admin_request", default=None)


def japanese_duration(seconds):
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest}秒"
    return f"{minutes}分{rest}秒" if rest else f"{minutes}分"


def within(seconds):
    return f"{japanese_duration(seconds)}以内" if seconds else "すぐ"


def channel_delays(change):
    """The message for a change, PUBLISHED or UNPUBLISHED, with the delays of this deployment."""
    max_age = settings.PUBLIC_CACHE_MAX_AGE
    longest = max_age + settings.PUBLIC_CACHE_STALE_WHILE_REVALIDATE
    api = within(max_age)
    if longest > max_age:
        api += f"（利用先のキャッシュによっては最長{japanese_duration(longest)}）"
    text = (
        f"{HEADINGS[change]}：ウェブサイトはすぐ（開いているページは再読み込みで）、"
        f"API・フィードは{api}、サイネージは{within(SIGNAGE_POLL_SECONDS)}（次の更新で）。"
    )
    if change == PUBLISHED:
        text += "カレンダーアプリへの反映は、各アプリの更新間隔によります。"
    return text


def announce(change):
    request = _admin_request.get()
    if request is None:
        return
    # Once per request: a bulk action publishes many pages, and the delays are the same for all.
    announced = request.__dict__.setdefault(ANNOUNCED_ATTRIBUTE, set())
    if change in announced:
        return
    announced.add(change)
    messages.info(request, channel_delays(change))


def published(**kwargs):
    announce(PUBLISHED)


def unpublished(**kwargs):
    announce(UNPUBLISHED)


def connect():
    page_published.connect(published, dispatch_uid="caching.publish_notice.published")
    page_unpublished.connect(unpublished, dispatch_uid="caching.publish_notice.unpublished")


class AdminRequestMiddleware:
    """Remembers the admin request being handled, for the signal receivers above."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(ADMIN_PREFIX):
            return self.get_response(request)
        token = _admin_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _admin_request.reset(token)
