"""THE rule for what the public may see, as querysets every page model's manager is built from.

A page is public when it is live, not expired and not view-restricted (itself or any ancestor).
Every channel (website, GraphQL API, feeds, signage, search, sitemap) lists pages through these
querysets, so they cannot disagree about what a visitor may see.
"""

from django.db.models import Exists, Expression, F, OuterRef, Q, QuerySet
from django.db.models.fields import IntegerField
from django.db.models.lookups import StartsWith
from django.utils import timezone
from wagtail.models import PageManager, PageQuerySet, PageViewRestriction


def not_expired(now=None, prefix=""):
    # Wagtail unpublishes expired pages only when `publish_scheduled` next runs; until then
    # they are still live, so expiry is checked here as well.
    return Q(**{f"{prefix}expire_at__isnull": True}) | Q(
        **{f"{prefix}expire_at__gt": now or timezone.now()}
    )


def not_view_restricted(prefix=""):
    """No view restriction on the page or any ancestor, as one lazy subquery.

    Wagtail's own `.public()` runs a query for the restrictions each time it is called; every
    nested list of an API response filters pages, so the rule stays inside one SQL statement.
    """
    restriction_above = PageViewRestriction.objects.filter(
        StartsWith(OuterRef(f"{prefix}path"), F("page__path"))
    )
    return ~Exists(restriction_above)


def public(now=None, prefix=""):
    """The condition that a page is public; `prefix` leads to the page from another model
    (`event__` from a session), so a query can apply the rule where it joins the page."""
    return not_view_restricted(prefix) & not_expired(now, prefix) & Q(**{f"{prefix}live": True})


def public_pages(queryset, now=None):
    """The public pages of any page queryset, including Wagtail's plain `Page.objects`."""
    # Plain filters rather than PageQuerySet.live(): prefetches may hand in plain querysets.
    return queryset.filter(public(now))


def ids_of(related):
    """The ids of a page's related objects, for a `pk__in` filter.

    A saved relation becomes a subquery, so filtering by it costs no query of its own. A page
    being previewed holds its relations in memory (modelcluster's FakeQuerySet), which the
    database cannot see, so their ids are listed instead.
    """
    objects = related.all()
    if isinstance(objects, QuerySet):
        return objects.values("pk")
    return [obj.pk for obj in objects]


class NotPublicPageIds(Expression):
    """The ids of the pages that are not public, the inverse of `public_pages`, as a subquery
    for `pk__in`: found from the few such pages rather than by testing every page.

    Drafts, unpublished and expiring pages are read from a partial index of their own
    (migration home 0006); view-restricted pages are the restricted pages' subtrees, each read
    as one range of the path index. For a count of what is public that costs the same however
    many public pages there are (EventPageQuerySet.count).
    """

    output_field = IntegerField()
    SQL = """(
        SELECT page.id FROM wagtailcore_page page
        WHERE NOT page.live OR page.expire_at <= %s
        UNION
        SELECT page.id FROM wagtailcore_pageviewrestriction restriction
        JOIN wagtailcore_page restricted ON restricted.id = restriction.page_id
        JOIN wagtailcore_page page ON {in_subtree}
    )"""
    # A subtree is every path starting with the restricted page's path. Treebeard paths use
    # 0-9 and A-Z only, so on PostgreSQL the subtree is the byte-order range [path, path || '~'),
    # which the path's varchar_pattern_ops index reads directly; LIKE with a pattern from another
    # row reads every page.
    IN_SUBTREE = "page.path LIKE restricted.path || '%%'"
    IN_SUBTREE_POSTGRESQL = (
        "page.path ~>=~ restricted.path AND page.path ~<~ (restricted.path || '~')"
    )

    def __init__(self, now=None):
        super().__init__()
        self.now = now or timezone.now()

    def as_sql(self, compiler, connection, in_subtree=IN_SUBTREE):
        return self.SQL.format(in_subtree=in_subtree), [self.now]

    def as_postgresql(self, compiler, connection):
        return self.as_sql(compiler, connection, in_subtree=self.IN_SUBTREE_POSTGRESQL)


class PublicPageQuerySet(PageQuerySet):
    """Page querysets that know the public rule; each content type's queryset extends this."""

    def public(self, now=None):
        """Live, not expired and not view-restricted: stricter than Wagtail's `.public()`,
        which only looks at view restrictions."""
        return public_pages(self, now)

    def among(self, related):
        """These pages limited to a page's related objects, saved or in a preview's memory."""
        return self.filter(pk__in=ids_of(related))


def public_among(related, now=None):
    """The public pages among a page's related objects (a relation of any page type)."""
    return related.model.objects.public(now).among(related)


PublicPageManager = PageManager.from_queryset(PublicPageQuerySet)
