"""The action plan: the plan itself, its 4 visions (未来像) and 22 actions (アクション)."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..data import FIRST_ACTION, FIRST_VISION, LAST_ACTION, LAST_VISION
from .admin_forms import ActionPageForm
from .choices import ActionStatus, ImplementationStatus
from .preview import HeadlessPreviewMixin
from .public_urls import PublicUrlMixin
from .scheduling import SCHEDULE_SETTINGS_PANELS
from .visibility import PublicPageManager, ids_of


def check_number_is_free(page, label):
    """Numbers identify visions and actions in the plan, so two pages may not share one."""
    clash = type(page).objects.filter(number=page.number).exclude(pk=page.pk).first()
    if clash is not None:
        raise ValidationError(
            {"number": f"{label}{page.number}はすでに「{clash.title}」で使われています。"}
        )


class NumberedInAdminMixin:
    """Editors know visions and actions by number, as the plan names them (「アクション8」).

    The admin shows the number before the title, and its search (home/editing/search.py) finds a
    page by that label even though the title itself does not contain it.
    """

    number_label = ""

    def get_admin_display_title(self):
        title = super().get_admin_display_title()
        if self.number is None:
            return title
        return f"{self.number_label}{self.number}\u3000{title}"


class PlanPage(PublicUrlMixin, HeadlessPreviewMixin, Page):
    """The plan itself (アクションプラン22): its period and introduction, parent of the 4 visions."""

    start_fiscal_year = models.PositiveSmallIntegerField("計画期間（開始年度）", default=2021)
    end_fiscal_year = models.PositiveSmallIntegerField("計画期間（終了年度）", default=2026)
    period_note = models.CharField(
        "計画期間の表記",
        max_length=100,
        blank=True,
        help_text="例：令和3年度から令和8年度までの6年間",
    )
    introduction = RichTextField("計画の概要", blank=True)

    settings_panels = SCHEDULE_SETTINGS_PANELS
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.VisionPage"]
    max_count = 1
    # The explorer lists the visions by number rather than by last change.
    admin_default_ordering = "visionpage__number"

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_fiscal_year"), FieldPanel("end_fiscal_year")]),
                FieldPanel("period_note"),
            ],
            heading="計画期間",
        ),
        FieldPanel("introduction"),
    ]

    class Meta:
        verbose_name = "計画"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["visions"] = VisionPage.objects.child_of(self).public().order_by("number")
        return context

    def clean(self):
        super().clean()
        if self.end_fiscal_year < self.start_fiscal_year:
            raise ValidationError({"end_fiscal_year": "終了年度は開始年度以降にしてください。"})


class VisionPage(PublicUrlMixin, NumberedInAdminMixin, HeadlessPreviewMixin, Page):
    """One of the plan's 4 visions of the future (未来像), parent of its actions."""

    objects = PublicPageManager()

    number = models.PositiveSmallIntegerField(
        "未来像の番号",
        validators=[MinValueValidator(FIRST_VISION), MaxValueValidator(LAST_VISION)],
        help_text=f"{FIRST_VISION}〜{LAST_VISION}の番号。ほかの未来像と重ならないようにしてください。",
    )
    summary = models.TextField("概要")
    examples = StreamField(
        [("example", blocks.CharBlock(label="具体的な姿", max_length=300))],
        verbose_name="具体的な姿（例）",
        blank=True,
        help_text="未来像が実現したときの具体的な姿を1項目ずつ入力します。",
    )

    settings_panels = SCHEDULE_SETTINGS_PANELS
    parent_page_types = ["home.PlanPage"]
    subpage_types = ["home.ActionPage"]
    number_label = "未来像"
    # The explorer lists the actions by number; no column sorts by it, so none shows as sorted.
    admin_default_ordering = "actionpage__number"

    search_fields = [*Page.search_fields, index.SearchField("summary")]

    content_panels = [
        *Page.content_panels,
        FieldPanel("number"),
        FieldPanel("summary"),
        FieldPanel("examples"),
    ]

    class Meta:
        verbose_name = "未来像"
        ordering = ["number"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A new vision being previewed has no place in the tree yet, so no actions under it.
        actions = ActionPage.objects.child_of(self) if self.pk else ActionPage.objects.none()
        context["actions"] = actions.public().order_by("number")
        return context

    def clean(self):
        super().clean()
        if self.number is not None:
            check_number_is_free(self, "未来像")

    @property
    def example_texts(self):
        return [block.value for block in self.examples]


class ActionPage(PublicUrlMixin, NumberedInAdminMixin, HeadlessPreviewMixin, Page):
    """One of the 22 collaboration actions: what the city does, and what it has done each year."""

    objects = PublicPageManager()

    number = models.PositiveSmallIntegerField(
        "アクション番号",
        validators=[MinValueValidator(FIRST_ACTION), MaxValueValidator(LAST_ACTION)],
        help_text=f"{FIRST_ACTION}〜{LAST_ACTION}の番号。ほかのアクションと重ならないようにしてください。",
    )
    status = models.CharField(
        "区分", max_length=10, choices=ActionStatus.choices, default=ActionStatus.NEW
    )
    need = models.TextField(
        "課題を解決するために必要なこと", help_text="このアクションが応える「必要なこと」"
    )
    description = RichTextField("内容")
    related_actions = ParentalManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="related_from",
        verbose_name="関連するアクション",
        help_text="ここで選んだアクションの側にも、このアクションが関連として表示されます。",
    )
    responsible_department = models.CharField(
        "担当部署", max_length=100, blank=True, help_text="例：市民活動推進課"
    )

    base_form_class = ActionPageForm
    settings_panels = SCHEDULE_SETTINGS_PANELS
    parent_page_types = ["home.VisionPage"]
    subpage_types = []
    number_label = "アクション"

    search_fields = [
        *Page.search_fields,
        index.SearchField("need"),
        index.SearchField("description"),
        index.FilterField("number"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("number"), FieldPanel("status")]),
        FieldPanel("need"),
        FieldPanel("description"),
        FieldPanel("related_actions", widget=forms.CheckboxSelectMultiple),
        FieldPanel("responsible_department"),
        InlinePanel("progress_records", label="年度ごとの取組状況", heading="取組状況"),
    ]

    class Meta:
        verbose_name = "アクション"
        ordering = ["number"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_actions"] = self.all_related_actions().public()
        if self.pk:
            context["events"] = self.events.upcoming().prefetch_related("sessions")
            context["groups"] = self.groups.find().select_related("district")
        else:
            # A new action being previewed has no row yet for events or groups to point at.
            context["events"] = context["groups"] = []
        context["progress_records"] = self.progress_records.order_by("fiscal_year")
        return context

    def clean(self):
        super().clean()
        if self.number is not None:
            check_number_is_free(self, "アクション")

    def all_related_actions(self):
        """Related actions in both directions: linking A to B shows the link on B as well."""
        linked = models.Q(pk__in=ids_of(self.related_actions))
        if self.pk:  # a new page being previewed has no links pointing at it yet
            linked |= models.Q(related_actions=self)
        return ActionPage.objects.filter(linked).exclude(pk=self.pk).distinct().order_by("number")


class ActionProgressRecord(Orderable):
    """What was done for an action in one fiscal year, with its figures."""

    action = ParentalKey(ActionPage, on_delete=models.CASCADE, related_name="progress_records")
    fiscal_year = models.PositiveSmallIntegerField(
        "年度",
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="西暦（例：2025）",
    )
    implementation_status = models.CharField(
        "実施状況", max_length=10, choices=ImplementationStatus.choices
    )
    activities = models.TextField("取り組んだこと")
    times_held = models.PositiveIntegerField("実施回数", null=True, blank=True)
    participants = models.PositiveIntegerField("参加者数", null=True, blank=True)
    other_figures = models.CharField(
        "そのほかの実績", max_length=255, blank=True, help_text="例：相談件数 45件"
    )

    panels = [
        FieldRowPanel([FieldPanel("fiscal_year"), FieldPanel("implementation_status")]),
        FieldPanel("activities"),
        FieldRowPanel(
            [FieldPanel("times_held"), FieldPanel("participants"), FieldPanel("other_figures")]
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "取組状況"
        verbose_name_plural = "取組状況"

    def __str__(self):
        return f"{self.fiscal_year}年度"
