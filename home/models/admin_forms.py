"""Admin page forms for checks that span a page and its inline rows."""

from wagtail.admin.forms import WagtailAdminPageForm


def kept_rows(formset):
    """Cleaned data of the inline rows that will be saved (valid, not marked for deletion)."""
    if not formset.is_valid():
        return []
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class EventPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A checkbox list in あいうえお order, as the group listing shows them.
        organisers = self.fields["organisers"]
        organisers.queryset = organisers.queryset.order_by("name_kana", "pk")

    def clean(self):
        cleaned_data = super().clean()
        deadline = cleaned_data.get("registration_deadline")
        starts = [row["starts_at"] for row in kept_rows(self.formsets["sessions"])]
        if deadline and starts and deadline > min(starts):
            self.add_error(
                "registration_deadline", "申込締切は最初の回の開始日時より前にしてください。"
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
