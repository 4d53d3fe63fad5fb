"""The admin's list of partners (連携先): a new key is shown once, when created or reissued.

Only the key's SHA-256 hash is stored. The clear key exists in the form that issued it and in
the success message shown right after, and nowhere else: not in the database, not in logs.
"""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from .models import Partner

ISSUED_KEY_MESSAGE = "APIキー：{key} この画面を離れると二度と表示できません。"


class PartnerForm(WagtailAdminModelForm):
    reissue_key = forms.BooleanField(
        label="APIキーを再発行する",
        required=False,
        help_text="今のキーはすぐに使えなくなります。新しいキーは保存後に一度だけ表示されます。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.issued_key = None
        if self.instance._state.adding:
            # A new partner always gets a key; there is nothing to reissue yet.
            del self.fields["reissue_key"]
        else:
            self.fields["reissue_key"].help_text = (
                f"今のキー（{self.instance.key_prefix}…で始まるもの）はすぐに使えなくなります。"
                "新しいキーは保存後に一度だけ表示されます。"
            )

    def save(self, commit=True):
        if self.instance._state.adding or self.cleaned_data.get("reissue_key"):
            self.issued_key = self.instance.issue_key()
        return super().save(commit=commit)


class ShowIssuedKeyMixin:
    """Append a key issued by this save to the success message, the one place it is shown."""

    def get_success_message(self, *args, **kwargs):
        message = super().get_success_message(*args, **kwargs)
        if self.form.issued_key:
            return f"{message} {ISSUED_KEY_MESSAGE.format(key=self.form.issued_key)}"
        return message


class PartnerCreateView(ShowIssuedKeyMixin, CreateView):
    pass


class PartnerEditView(ShowIssuedKeyMixin, EditView):
    pass


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "link"
    menu_label = "連携先（APIキー）"
    menu_order = 300
    add_to_admin_menu = True
    add_view_class = PartnerCreateView
    edit_view_class = PartnerEditView
    # A copy would start from another partner's origins and contact; a new partner is clearer.
    copy_view_enabled = False
    list_display = [
        "name",
        "kind",
        "is_active",
        "rate_limit_per_minute",
        "last_used_at",
        "request_count",
        "key_prefix",
    ]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "contact_name"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("kind"),
            MultiFieldPanel(
                [FieldPanel("contact_name"), FieldPanel("contact_email")], heading="連絡先"
            ),
            FieldPanel("allowed_origins"),
            FieldPanel("rate_limit_per_minute"),
            FieldPanel("is_active"),
            FieldPanel("reissue_key"),
        ],
        base_form_class=PartnerForm,
    )
