"""/feeds/events.rss: the events as RSS 2.0, for feed readers and school portals' news boxes."""

from django.utils.feedgenerator import Rss201rev2Feed

from home.structured_data import place_name
from jp.formatting import session_span
from jp.time import TOKYO

from .event_text import event_description, marked_title, meets_at_venue
from .listing import event_id

DESCRIPTION = "鎌ケ谷市の市民活動・協働のイベント情報です。"


def when(sessions):
    """The first session in Japanese, and how many there are when more than one."""
    if not sessions:
        return None
    span = session_span(sessions[0])
    return f"日時：{span}" if len(sessions) == 1 else f"日時：{span} から全{len(sessions)}回"


def where(event):
    return f"会場：{place_name(event)}" if meets_at_venue(event) else "会場：オンライン"


def item_description(event):
    lines = [when(list(event.sessions.all())), where(event), event_description(event)]
    return "\n".join(line for line in lines if line)


def in_tokyo(moment):
    """RFC 822 dates carry their offset; +0900 reads as the time on the event page."""
    return moment.astimezone(TOKYO) if moment else None


def rss_feed(listing):
    """The feed as UTF-8 bytes; the feed generator escapes every value it writes."""
    feed = Rss201rev2Feed(
        title=listing.title,
        link=listing.home_url,
        description=DESCRIPTION,
        language="ja",
        feed_url=listing.feed_url,
    )
    for event in listing.events:
        feed.add_item(
            title=marked_title(event),
            link=listing.url_for(event),
            description=item_description(event),
            unique_id=event_id(event),
            unique_id_is_permalink=False,
            pubdate=in_tokyo(event.first_published_at),
            updateddate=in_tokyo(event.last_published_at),
            categories=[audience.name for audience in event.audiences.all()],
        )
    return feed.writeString("utf-8").encode()
