"""What a page says about itself to search engines and link previews: <meta name="description">
and og:description.

The editors' 検索結果の説明文 (search_description) when they wrote one; else the page's own short
text (an event's, group's or vision's ひとことで紹介, an action's 内容, a notice's 本文); else, for
the home page and the listings, the first sentence of their introduction, or a sentence about the
section when that is empty. Always plain text on one line, at most MAX_LENGTH characters: search
results show about that much Japanese, so a longer text ends in … rather than mid-word.
Built from the page's own fields only: it costs no query.
"""

import re
import unicodedata

from wagtail.rich_text import get_text_for_indexing

from .models import (
    ActionPage,
    EventIndexPage,
    EventPage,
    GroupIndexPage,
    GroupPage,
    HomePage,
    NoticeIndexPage,
    NoticePage,
    PlanPage,
    VisionPage,
)

MAX_LENGTH = 120
ELLIPSIS = "…"
# The home page's introduction as the site skeleton writes it (home/loading/site.py), and what
# pages outside Wagtail's tree (the search results) say.
SITE_DESCRIPTION = "鎌ケ谷市の市民活動・地域活動の情報をまとめて探せるサイトです。"
SECTION_DESCRIPTIONS = {
    HomePage: SITE_DESCRIPTION,
    PlanPage: (
        "鎌ケ谷市が協働と市民公益活動の推進に向けて実行するアクションをまとめた"
        "「協働のためのアクションプラン22」です。"
    ),
    GroupIndexPage: "鎌ケ谷市で活動する市民活動団体・地域団体を、活動分野や地区からさがせます。",
    EventIndexPage: "鎌ケ谷市の市民活動・地域活動のイベントを、日付や対象、会場からさがせます。",
    NoticeIndexPage: "かまがや協働ポータルからのお知らせの一覧です。",
}
# Runs of ASCII whitespace (newlines included) and no-break spaces become one space; an
# ideographic space (　) is part of the text and stays.
WHITESPACE = re.compile(r"[ \t\r\n\f\v\xa0]+")
FIRST_SENTENCE = re.compile(r".+?[。！？!?](?=\s|$|[^」』）)])")
ZERO_WIDTH_JOINER = "\u200d"


def one_line(text):
    """A plain text field's text on one line."""
    return WHITESPACE.sub(" ", text or "").strip()


def rich_text_line(html):
    """A rich text field's text on one line: tags gone, a space between paragraphs."""
    return one_line(get_text_for_indexing(html or ""))


def first_sentence(text):
    """Up to the first 。！？ that ends a sentence (not one inside 「」), or all of the text."""
    match = FIRST_SENTENCE.match(text)
    return match.group() if match else text


def joins_previous(text, index):
    """True when text[index] cannot start a new character: a combining mark, a variation
    selector (異体字 written with an IVS), an emoji modifier, or either side of a joiner."""
    char = text[index]
    return (
        unicodedata.category(char) in ("Mn", "Mc", "Me")
        or "\U0001f3fb" <= char <= "\U0001f3ff"
        or char == ZERO_WIDTH_JOINER
        or text[index - 1] == ZERO_WIDTH_JOINER
    )


def shorten(text, limit=MAX_LENGTH):
    """The text, or its start and … in at most `limit` characters, never cutting a character
    from its marks."""
    if len(text) <= limit:
        return text
    cut = limit - len(ELLIPSIS)
    while cut > 0 and joins_previous(text, cut):
        cut -= 1
    return text[:cut].rstrip() + ELLIPSIS


def own_text(page):
    """The page's own short text: what its listings and previews show of it."""
    if isinstance(page, (EventPage, GroupPage, VisionPage)):
        return one_line(page.summary)
    if isinstance(page, ActionPage):
        return rich_text_line(page.description) or one_line(page.need)
    if isinstance(page, NoticePage):
        return rich_text_line(page.body)
    return ""


def introduction(page):
    """The first sentence of a listing's introduction (the home page, the plan, the lists)."""
    return first_sentence(rich_text_line(getattr(page, "introduction", "")))


def page_description(page):
    """The description of a Wagtail page: never empty, never longer than MAX_LENGTH."""
    text = one_line(page.search_description) or own_text(page) or introduction(page)
    return shorten(text) if text else SECTION_DESCRIPTIONS.get(type(page), SITE_DESCRIPTION)
