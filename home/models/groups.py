"""Group profiles: who does what in the city, and how to join them."""

from django import forms
from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .admin_forms import GroupPageForm
from .choices import OrganisationType, SnsService
from .criteria import GroupCriteria, exact_filters
from .list_filters import GroupFilterForm, filtered_listing, query_without_page
from .listing import FilteredListingMixin
from .preview import HeadlessPreviewMixin
from .public_urls import PublicUrlMixin
from .sample import SampleContentMixin
from .scheduling import SCHEDULE_SETTINGS_PANELS
from .visibility import PublicPageManager, PublicPageQuerySet, public_among


class SnsLinkBlock(blocks.StructBlock):
    service = blocks.ChoiceBlock(choices=SnsService.choices, label="サービス")
    url = blocks.URLBlock(label="URL")

    class Meta:
        icon = "link"
        label = "SNS"


class GroupPageQuerySet(PublicPageQuerySet):
    def find(self, criteria=GroupCriteria(), now=None):
        """Public group profiles matching the criteria, in あいうえお order of their kana."""
        matches = self.public(now).filter(
            **exact_filters(
                {
                    "activity_fields__number": criteria.activity_field,
                    "organisation_type": criteria.organisation_type,
                    "district__name": criteria.district,
                    "recruiting": criteria.recruiting,
                    "related_actions__number": criteria.action,
                }
            )
        )
        # Filtering through many-to-many relations can repeat a group; the id set cannot.
        return self.public(now).filter(pk__in=matches.values("pk")).order_by("name_kana", "title")

    def recruiting(self, now=None):
        """Public groups looking for members, in あいうえお order."""
        return self.find(GroupCriteria(recruiting=True), now)


class GroupIndexPage(PublicUrlMixin, FilteredListingMixin, HeadlessPreviewMixin, Page):
    """The group directory (団体一覧): parent of every group profile."""

    introduction = RichTextField("はじめに", blank=True)

    settings_panels = SCHEDULE_SETTINGS_PANELS
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.GroupPage"]
    max_count = 1

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = "団体一覧"

    def get_context(self, request, *args, **kwargs):
        def find(criteria):
            return GroupPage.objects.find(criteria).select_related("district")

        context = super().get_context(request, *args, **kwargs)
        form, page = filtered_listing(request, GroupFilterForm, find, GroupCriteria)
        context.update(filter_form=form, groups=page, pager_query=query_without_page(request))
        return context


class GroupPage(PublicUrlMixin, HeadlessPreviewMixin, SampleContentMixin, Page):
    """A group's public profile: what it does, when it meets and how to join."""

    objects = PublicPageManager.from_queryset(GroupPageQuerySet)()
    base_form_class = GroupPageForm

    name_kana = models.CharField(
        "団体名（ふりがな）",
        max_length=255,
        help_text="ひらがなで入力。あいうえお順の並べ替えに使います。",
    )
    organisation_type = models.CharField(
        "団体の種類", max_length=20, choices=OrganisationType.choices
    )
    activity_fields = ParentalManyToManyField(
        "home.ActivityField", blank=True, related_name="groups", verbose_name="活動分野"
    )
    district = models.ForeignKey(
        "home.District",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="groups",
        verbose_name="活動地区",
    )
    summary = models.CharField(
        "ひとことで紹介", max_length=200, help_text="一覧に表示される短い紹介文（200字以内）"
    )
    description = RichTextField("団体の紹介")
    activities = RichTextField("主な活動内容", blank=True)
    meeting_schedule = models.CharField(
        "活動日時", max_length=200, blank=True, help_text="例：毎月第2・第4土曜日 10:00〜12:00"
    )
    meeting_place = models.CharField("活動場所", max_length=200, blank=True)
    approximate_members = models.PositiveIntegerField("会員数（おおよそ）", null=True, blank=True)
    recruiting = models.BooleanField("メンバー募集中", default=False)
    participation_conditions = models.TextField(
        "参加するための条件", blank=True, help_text="例：年齢不問。月1回程度参加できる方。"
    )
    participation_benefits = models.TextField(
        "参加して得られること",
        blank=True,
        help_text="例：地域の仲間ができる。防災の知識が身につく。",
    )
    contact_name = models.CharField("連絡先（担当者名・窓口）", max_length=100, blank=True)
    contact_phone = models.CharField("電話番号", max_length=30, blank=True)
    contact_email = models.EmailField("メールアドレス", blank=True)
    website = models.URLField("ホームページ", blank=True)
    sns_links = StreamField([("sns", SnsLinkBlock())], verbose_name="SNS", blank=True)
    logo = models.ForeignKey(
        "home.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="ロゴ",
    )
    related_actions = ParentalManyToManyField(
        "home.ActionPage", blank=True, related_name="groups", verbose_name="関連するアクション"
    )
    last_confirmed = models.DateField(
        "掲載内容の最終確認日", null=True, blank=True, help_text="団体に内容を確認した日"
    )

    settings_panels = SCHEDULE_SETTINGS_PANELS
    parent_page_types = ["home.GroupIndexPage"]
    subpage_types = []

    search_fields = [
        *Page.search_fields,
        index.SearchField("name_kana"),
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("activities"),
        # 「子ども」 finds the groups working in 子どもの健全育成, whatever their own wording.
        index.RelatedFields("activity_fields", [index.SearchField("name")]),
        index.FilterField("recruiting"),
        index.FilterField("organisation_type"),
    ]

    content_panels = [
        TitleFieldPanel("title", heading="団体名"),
        FieldPanel("name_kana"),
        FieldRowPanel([FieldPanel("organisation_type"), FieldPanel("district")]),
        FieldPanel("activity_fields", widget=forms.CheckboxSelectMultiple),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("activities"),
        MultiFieldPanel(
            [
                FieldPanel("meeting_schedule"),
                FieldPanel("meeting_place"),
                FieldPanel("approximate_members"),
            ],
            heading="活動の日時・場所",
        ),
        MultiFieldPanel(
            [
                FieldPanel("recruiting"),
                FieldPanel("participation_conditions"),
                FieldPanel("participation_benefits"),
            ],
            heading="メンバー募集",
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("contact_phone"), FieldPanel("contact_email")]),
                FieldPanel("website"),
                FieldPanel("sns_links"),
            ],
            heading="公開する連絡先",
        ),
        FieldPanel("logo"),
        InlinePanel("photos", label="写真", heading="活動写真"),
        FieldPanel("related_actions", widget=forms.CheckboxSelectMultiple),
        FieldPanel("last_confirmed"),
        FieldPanel("is_sample"),
    ]

    class Meta:
        verbose_name = "団体"
        verbose_name_plural = "団体"
        ordering = ["name_kana", "title"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A new group being previewed has no row yet, so no event can name it as organiser.
        if self.pk:
            context["events"] = self.organised_events.upcoming().prefetch_related("sessions")
        else:
            context["events"] = []
        context["photos"] = self.photos.select_related("image")
        context["related_actions"] = public_among(self.related_actions).order_by("number")
        return context


class GroupPhoto(Orderable):
    """A photo of a group's activities, shown on its profile."""

    group = ParentalKey(GroupPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "home.CustomImage", on_delete=models.CASCADE, related_name="+", verbose_name="画像"
    )
    caption = models.CharField("説明", max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = "写真"
        verbose_name_plural = "写真"
