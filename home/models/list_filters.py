"""The website's list filters: plain GET forms that turn a visitor's choices into list criteria.

The list pages (EventIndexPage, GroupIndexPage) hand the criteria to their models' querysets like
the API does, so the site and the API list the same things. Bad values are shown back to the
visitor in Japanese, never a server error.
"""

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import QueryDict
from django.utils import translation

from jp.calendar import EARLIEST_YEAR, LATEST_YEAR, month_days, year_in_range

from ..data import FIRST_ACTION, LAST_ACTION
from .choices import OrganisationType
from .criteria import (
    BACKWARDS_RANGE,
    RANGE_TOO_LONG,
    EventCriteria,
    GroupCriteria,
    date_range_problem,
)
from .taxonomy import ActivityField, Audience, District
from .venues import Venue

PAGE_SIZE = 20
DAY_OUT_OF_RANGE_MESSAGE = f"日付は{EARLIEST_YEAR}年から{LATEST_YEAR}年までの間で指定してください。"
DATE_RANGE_MESSAGES = {
    BACKWARDS_RANGE: "「いつまで」は「いつから」以降の日付にしてください。",
    RANGE_TOO_LONG: "期間は1年以内で指定してください。",
}


def optional_choice(label, queryset, to_field_name):
    """A filter over a list editors maintain, picked by a stable field; empty means "すべて"."""
    return forms.ModelChoiceField(
        label=label,
        queryset=queryset,
        to_field_name=to_field_name,
        required=False,
        empty_label="すべて",
    )


class PublicFilterForm(forms.Form):
    """A filter form on a public page: its messages are Japanese whatever language a visitor's
    browser prefers, like every other word on the page. (LocaleMiddleware, there for the admin,
    would otherwise turn Django's own messages such as 「正しく選択してください。」 into English.)
    """

    def full_clean(self):
        with translation.override(settings.LANGUAGE_CODE):
            super().full_clean()
            # Written out now: a lazy message would be translated again when the page renders.
            for errors in self._errors.values():
                errors.data = list(errors)


class EventTopicFilterForm(PublicFilterForm):
    """Who, where and which group or action an event is for: the filters every event view shares."""

    audience = optional_choice("対象", Audience.objects.all(), "slug")
    venue = optional_choice("会場", Venue.objects.all(), "slug")
    group = forms.SlugField(label="主催団体", required=False, widget=forms.HiddenInput)
    action = forms.IntegerField(
        label="アクション番号", required=False, min_value=FIRST_ACTION, max_value=LAST_ACTION
    )

    def criteria_between(self, date_from, date_to):
        data = self.cleaned_data
        return EventCriteria(
            date_from=date_from,
            date_to=date_to,
            audience=data["audience"].slug if data.get("audience") else None,
            venue=data["venue"].slug if data.get("venue") else None,
            group=data.get("group") or None,
            action=data.get("action"),
        )


class EventFilterForm(EventTopicFilterForm):
    """The event list's filters: the shared ones after a range of days."""

    date_from = forms.DateField(
        label="いつから", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="いつまで", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    field_order = ["date_from", "date_to"]

    def clean(self):
        cleaned_data = super().clean()
        for name in ("date_from", "date_to"):
            # The calendar's years: beyond them is a typing mistake, and the last day Python
            # knows (9999-12-31) has no next day to end the range with.
            day = cleaned_data.get(name)
            if day and not year_in_range(day.year):
                self.add_error(name, DAY_OUT_OF_RANGE_MESSAGE)
        problem = date_range_problem(cleaned_data.get("date_from"), cleaned_data.get("date_to"))
        if problem:
            self.add_error("date_to", DATE_RANGE_MESSAGES[problem])
        return cleaned_data

    def criteria(self):
        data = self.cleaned_data
        return self.criteria_between(data.get("date_from"), data.get("date_to"))


class EventCalendarFilterForm(EventTopicFilterForm):
    """The month calendar's filters. The month comes from the URL, but is checked here as well,
    so a mistyped month is explained on the page and answers 400 like any other bad filter.
    """

    def __init__(self, data, *, year, month):
        super().__init__(data)
        self.year, self.month = year, month

    def clean(self):
        cleaned_data = super().clean()
        if not 1 <= self.month <= 12:
            self.add_error(None, "月は1から12までの数で指定してください。")
        if not year_in_range(self.year):
            self.add_error(
                None, f"年は{EARLIEST_YEAR}年から{LATEST_YEAR}年までで指定してください。"
            )
        return cleaned_data

    def criteria(self):
        return self.criteria_between(*month_days(self.year, self.month))


class GroupFilterForm(PublicFilterForm):
    activity_field = optional_choice("活動分野", ActivityField.objects.all(), "number")
    organisation_type = forms.ChoiceField(
        label="団体の種類", choices=[("", "すべて"), *OrganisationType.choices], required=False
    )
    district = optional_choice("地区", District.objects.all(), "name")
    recruiting = forms.BooleanField(label="メンバー募集中の団体だけ", required=False)

    def criteria(self):
        data = self.cleaned_data
        return GroupCriteria(
            activity_field=data["activity_field"].number if data.get("activity_field") else None,
            organisation_type=data.get("organisation_type") or None,
            district=data["district"].name if data.get("district") else None,
            recruiting=True if data.get("recruiting") else None,
        )


def filtered_listing(request, form_class, find, criteria_class):
    """(form, page of results) for a list page; an invalid form lists nothing and says why."""
    form = form_class(request.GET or None)
    if form.is_bound and not form.is_valid():
        results = find(criteria_class()).none()
    else:
        results = find(form.criteria() if form.is_bound else criteria_class())
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    return form, page


def query_for(params, form_class):
    """A query string of the given values for form_class's fields only.

    One view hands its filters to another this way, leaving behind the ones the other lacks.
    """
    kept = QueryDict(mutable=True)
    for name in form_class.base_fields:
        if name in params:
            kept.setlist(name, params.getlist(name))
    return kept.urlencode()


def with_query(url, query):
    return f"{url}?{query}" if query else url


def query_without_page(request):
    """The current filters as a query string, for pager links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
