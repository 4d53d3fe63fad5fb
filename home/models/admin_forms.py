"""Admin page forms for checks that span a page and its inline rows."""

from wagtail.admin.forms import WagtailAdminPageForm

from .accounts import member_group_pages
from .limits import (
    MAX_AUDIENCES,
    MAX_GROUP_PHOTOS,
    MAX_ORGANISERS,
    MAX_SESSIONS,
    MAX_SNS_LINKS,
    too_many,
)


def kept_rows(formset):
    """Cleaned data of the inline rows that will be saved (valid, not marked for deletion)."""
    if not formset.is_valid():
        return []
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def add_count_errors(form, counts):
    """Refuse more repeated items than the API promises consumers (home/models/limits.py);
    `counts` maps a field name (None for the whole page) to (label, count, limit)."""
    for field, (label, count, limit) in counts.items():
        message = too_many(label, count, limit)
        if message:
            form.add_error(field, message)


class EventPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A checkbox list in あいうえお order, as the group listing shows them.
        organisers = self.fields["organisers"]
        organisers.queryset = organisers.queryset.order_by("name_kana", "pk")
        # A group member's new event starts with their own group as organiser.
        own_groups = member_group_pages(getattr(self, "for_user", None))
        if own_groups and not self.instance.pk and not self.is_bound:
            self.initial["organisers"] = list(own_groups)

    def clean(self):
        cleaned_data = super().clean()
        deadline = cleaned_data.get("registration_deadline")
        starts = [row["starts_at"] for row in kept_rows(self.formsets["sessions"])]
        if deadline and starts and deadline > min(starts):
            self.add_error(
                "registration_deadline", "申込締切は最初の回の開始日時より前にしてください。"
            )
        self.require_own_group_among_organisers(cleaned_data.get("organisers"))
        add_count_errors(
            self,
            {
                "organisers": (
                    "主催団体",
                    len(cleaned_data.get("organisers") or ()),
                    MAX_ORGANISERS,
                ),
                "audiences": ("対象", len(cleaned_data.get("audiences") or ()), MAX_AUDIENCES),
                None: ("日程", len(starts), MAX_SESSIONS),
            },
        )
        return cleaned_data

    def require_own_group_among_organisers(self, organisers):
        """A group member writes events for their own group: one of theirs must organise it
        (other groups may co-organise). City staff may name any groups."""
        own_groups = member_group_pages(getattr(self, "for_user", None))
        if own_groups is None:
            return
        if not set(own_groups) & {group.pk for group in organisers or ()}:
            names = "、".join(own_groups.values())
            self.add_error("organisers", f"主催団体に、あなたの団体（{names}）を含めてください。")


class GroupPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        add_count_errors(
            self,
            {
                "sns_links": ("SNS", len(cleaned_data.get("sns_links") or ()), MAX_SNS_LINKS),
                None: ("活動写真", len(kept_rows(self.formsets["photos"])), MAX_GROUP_PHOTOS),
            },
        )
        return cleaned_data


class ActionPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        years = [row["fiscal_year"] for row in kept_rows(self.formsets["progress_records"])]
        repeated = sorted({year for year in years if years.count(year) > 1})
        if repeated:
            listed = "、".join(f"{year}年度" for year in repeated)
            self.add_error(
                None, f"取組状況で{listed}が重複しています。1年度につき1件にしてください。"
            )
        return cleaned_data
