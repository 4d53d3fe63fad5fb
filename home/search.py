"""Japanese-aware site search, shared by the API and the website.

Japanese is written without spaces, so word-based full-text search (SQLite FTS, PostgreSQL
tsvector) cannot find 「防災」 inside 「地域防災訓練」. Each term is instead matched as a substring
(`icontains`, the same on SQLite and PostgreSQL) across the fields people read, after NFKC
normalisation so full-width letters and digits match half-width ones. At the city's scale — a few
thousand pages — a scan costs milliseconds; a PostgreSQL trigram index can be added later without
changing this interface. Title matches rank first.
"""

import unicodedata
from functools import reduce
from operator import and_, or_

from django.db.models import Case, IntegerField, Q, Value, When

from .models import ActionPage, EventPage, GroupPage, NoticePage, VisionPage
from .models.visibility import public_pages

MAX_TERMS = 5
MAX_RESULTS = 1000
SEARCHED_FIELDS = {
    EventPage: ("title", "title_kana", "summary", "description", "organiser_text"),
    GroupPage: ("title", "name_kana", "summary", "description", "activities"),
    ActionPage: ("title", "need", "description"),
    VisionPage: ("title", "summary"),
    NoticePage: ("title", "body"),
}


def normalise(text):
    """NFKC (ａｂｃ１ → abc1, full-width space → space), with control characters as spaces.

    Nobody searches for a control character, and PostgreSQL refuses a NUL in a query outright.
    """
    normalised = unicodedata.normalize("NFKC", text)
    return "".join(" " if unicodedata.category(char) == "Cc" else char for char in normalised)


def search_terms(query):
    """Whitespace-separated terms of a query, normalised."""
    return normalise(query).split()[:MAX_TERMS]


def matches_any_field(fields, term):
    return reduce(or_, (Q(**{f"{field}__icontains": term}) for field in fields))


def matches_every_term(fields, terms):
    return reduce(and_, (matches_any_field(fields, term) for term in terms))


def search_page_ids(query, now=None):
    """Ids of public pages matching every term: title matches first, then newest first."""
    terms = search_terms(query)
    if not terms:
        return []
    title_match = matches_every_term(("title",), terms)
    hits = []
    for model, fields in SEARCHED_FIELDS.items():
        hits += (
            public_pages(model.objects.filter(matches_every_term(fields, terms)), now)
            .annotate(
                title_rank=Case(
                    When(title_match, then=Value(0)), default=Value(1), output_field=IntegerField()
                )
            )
            .values_list("pk", "title_rank", "last_published_at")
        )
    hits.sort(key=lambda hit: (hit[1], -(hit[2].timestamp() if hit[2] else 0), hit[0]))
    return [pk for pk, _, _ in hits[:MAX_RESULTS]]
