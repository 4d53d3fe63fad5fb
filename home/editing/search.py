"""The admin's search backend: Japanese found by part of a word, as on the website.

Wagtail's `database` backend searches a PostgreSQL tsvector or an SQLite FTS index, and neither
splits Japanese into words, so 「出会う場」 inside a title is never found. This backend matches
every term as a substring of the indexed fields instead, with the terms normalised as the site's
own search does (home/search.py), so the admin and the website agree. It reads the tables
themselves and keeps no index: the same SQL on PostgreSQL and SQLite, nothing to update on save.

A search over a base model (the page explorer searches `Page`) also looks into the indexed fields
of its subclasses (a group's kana, an action's need), and a numbered page is found by the label
the admin shows before its title (「アクション8」, see NumberedInAdminMixin). Ordered by relevance,
pages whose title or label holds every term come first; then visions and actions by number, then
the queryset's own order.
"""

from functools import reduce
from operator import and_, or_

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.functions import Cast, Concat
from django.db.models.lookups import IContains
from modelsearch.backends.database.fallback import (
    MATCH_ALL,
    MATCH_NONE,
    DatabaseSearchBackend,
    DatabaseSearchQueryCompiler,
    DatabaseSearchResults,
)
from modelsearch.index import AutocompleteField, RelatedFields, SearchField, get_indexed_models
from modelsearch.query import Phrase, PlainText

from ..models.plan import NumberedInAdminMixin
from ..search import matches_any_field, normalise, search_terms


def text_fields(model, kinds, inherited=True):
    """Names of the model's indexed text columns of these kinds (callables are skipped)."""
    names = []
    for field in model.get_search_fields():
        if not isinstance(field, kinds) or field.field_name in names:
            continue
        try:
            column = model._meta.get_field(field.field_name)
        except FieldDoesNotExist:
            continue
        if inherited or column.model is model:
            names.append(field.field_name)
    return names


def related_fields(model):
    """`relation__field` paths of the model's RelatedFields (its own, not a parent's)."""
    return [
        f"{related.field_name}__{field.field_name}"
        for related in model.get_search_fields()
        if isinstance(related, RelatedFields) and related.get_field(model).model is model
        for field in related.fields
        if isinstance(field, SearchField)
    ]


def subclasses(model):
    """Indexed concrete models that inherit from this one, as Wagtail's page types do Page."""
    return [
        other
        for other in get_indexed_models()
        if other is not model and issubclass(other, model) and not other._meta.proxy
    ]


def any_of(conditions):
    # An empty IN list is Django's way of matching no row: a model may have nothing to match.
    return reduce(or_, conditions, models.Q(pk__in=[]))


def rows_where(model, condition):
    # A subquery rather than a join: joining a many-to-many relation would repeat rows.
    return models.Q(pk__in=model._default_manager.filter(condition).values("pk"))


class SubstringMatcher:
    """The conditions under which a row of one model holds a term.

    Fields given by the caller (a snippet listing's `search_fields`) are searched as they are;
    otherwise the model's indexed text fields, its RelatedFields and its subclasses' own fields.
    """

    def __init__(self, model, fields=None):
        self.model = model
        self.fields = list(fields) if fields else text_fields(model, (SearchField,))
        self.title_fields = [
            name for name in text_fields(model, (AutocompleteField,)) if name in self.fields
        ]
        self.related = [] if fields else related_fields(model)
        self.subclass_fields = {}
        if not fields:
            for subclass in subclasses(model):
                own = text_fields(subclass, (SearchField,), inherited=False)
                self.subclass_fields[subclass] = own + related_fields(subclass)
        self.numbered = [self.model] if issubclass(model, NumberedInAdminMixin) else []
        self.numbered += [
            subclass
            for subclass in self.subclass_fields
            if issubclass(subclass, NumberedInAdminMixin)
        ]

    def matches(self, term):
        found = [self.matches_label(term)]
        if self.fields:
            found.append(matches_any_field(self.fields, term))
        if self.related:
            found.append(rows_where(self.model, matches_any_field(self.related, term)))
        for subclass, own in self.subclass_fields.items():
            if own:
                found.append(rows_where(subclass, matches_any_field(own, term)))
        return any_of(found)

    def matches_title(self, term):
        found = [self.matches_label(term)]
        if self.title_fields:
            found.append(matches_any_field(self.title_fields, term))
        return any_of(found)

    def matches_label(self, term):
        """Rows whose admin label (「アクション」 + number) holds the term."""
        found = []
        for model in self.numbered:
            label = Concat(models.Value(model.number_label), Cast("number", models.CharField()))
            found.append(rows_where(model, IContains(label, term)))
        return any_of(found)

    def number_ordering(self):
        """Visions, then actions, each by number, before the rows that have none."""
        paths = []
        for model in self.numbered:
            links = model._meta.get_path_from_parent(self.model)
            paths.append("__".join([link.join_field.name for link in links] + ["number"]))
        return [models.F(path).asc(nulls_last=True) for path in paths]


class SubstringQueryCompiler(DatabaseSearchQueryCompiler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.matcher = SubstringMatcher(self.queryset.model, self.fields)

    def build_database_filter(self, query, boost=1.0):
        if isinstance(query, PlainText):
            terms = search_terms(query.query_string)
            if not terms:
                return MATCH_NONE
            return self.OPERATORS[query.operator]([self.matcher.matches(term) for term in terms])
        if isinstance(query, Phrase):
            phrase = normalise(query.query_string).strip()
            return self.matcher.matches(phrase) if phrase else MATCH_NONE
        return super().build_database_filter(query, boost)

    def title_match(self):
        """Rows whose title or label holds every term of a plain query, else None."""
        if not isinstance(self.query, PlainText):
            return None
        terms = search_terms(self.query.query_string)
        if not terms:
            return None
        return reduce(and_, (self.matcher.matches_title(term) for term in terms))

    def relevance_ordering(self, queryset):
        title_match = self.title_match()
        ranks = []
        if title_match is not None:
            ranks.append(
                models.Case(
                    models.When(title_match, then=0),
                    default=1,
                    output_field=models.IntegerField(),
                ).asc()
            )
        own = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
        return [*ranks, *self.matcher.number_ordering(), *own, "pk"]


class SubstringSearchResults(DatabaseSearchResults):
    def get_queryset(self):
        compiler = self.query_compiler
        queryset = compiler.queryset
        condition = compiler.build_database_filter(compiler.query)
        if condition == MATCH_NONE:
            return queryset.none()
        if condition != MATCH_ALL:
            queryset = queryset.filter(condition)
        if compiler.order_by_relevance:
            queryset = queryset.order_by(*compiler.relevance_ordering(queryset))
        elif not queryset.query.order_by:
            # As Wagtail's backend does: a stable order keeps pages of results apart.
            queryset = queryset.order_by("-pk")
        return queryset[self.start : self.stop]


class SubstringSearchBackend(DatabaseSearchBackend):
    query_compiler_class = SubstringQueryCompiler
    autocomplete_query_compiler_class = SubstringQueryCompiler
    results_class = SubstringSearchResults


SearchBackend = SubstringSearchBackend
