"""Editing through the Wagtail admin: creating each page type, and the checks editors meet
when a form is wrong. Where pages may go is tested in test_tree_rules.py."""

import io
from datetime import timedelta

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.models import Collection, Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)
from wagtail_factories import ImageFactory

from home.loading.editors import EDITORS, ensure_editor_roles
from home.loading.plan import load_plan, load_taxonomies
from home.loading.site import ensure_site_tree
from home.models import (
    ActionPage,
    ActivityField,
    Audience,
    CustomImage,
    District,
    EventIndexPage,
    EventPage,
    GroupIndexPage,
    GroupPage,
    HomePage,
    NoticeIndexPage,
    NoticePage,
    PlanPage,
    Venue,
    VisionPage,
)
from home.models.limits import MAX_ORGANISERS, MAX_SESSIONS
from tests.users import edit_url

ADMIN_DATETIME = "%Y-%m-%d %H:%M"


def admin_datetime(moment):
    """A datetime as the admin's date-time picker submits it, in the site's Tokyo time."""
    return timezone.localtime(moment).strftime(ADMIN_DATETIME)


def add_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk]
    )


def choices(**fields):
    """Multiple-choice fields as the admin posts them: each field name with a list of pks.

    nested_form_data would spread a list over numbered keys (`audiences-0`), which a
    checkbox field never reads, so these go beside it.
    """
    return {name: [str(obj.pk) for obj in objects] for name, objects in fields.items()}


def session_rows(spans):
    return [
        {"starts_at": admin_datetime(starts), "ends_at": admin_datetime(ends)}
        for starts, ends in spans
    ]


def event_form_data(sessions, audiences=(), **fields):
    """POST data for an in-person event with these sessions; `fields` add or override fields."""
    return {
        **nested_form_data(
            {
                "title": "防災ワークショップ（全2回）",
                "slug": "bousai-workshop",
                "summary": "家庭でできる防災を2回に分けて学びます",
                "description": rich_text("<p>非常持ち出し袋をつくります。</p>"),
                "status": "scheduled",
                "attendance_mode": "in_person",
                "room": "第1会議室",
                "fee": "0",
                "sessions": inline_formset(session_rows(sessions), min=1),
                **fields,
            }
        ),
        **choices(audiences=audiences),
    }


class LoadedSiteTestCase(WagtailPageTestCase):
    """The site skeleton, the whole plan, the taxonomies and the editor roles, loaded once."""

    @classmethod
    def setUpTestData(cls):
        cls.home = ensure_site_tree()
        load_taxonomies()
        load_plan(cls.home)
        ensure_editor_roles(cls.home)
        cls.venue = Venue.objects.create(
            name="きらり鎌ケ谷市民会館", name_kana="きらりかまがやしみんかいかん"
        )
        cls.editor = cls.create_user("henshu", password="password")
        cls.editor.groups.add(Group.objects.get(name=EDITORS))

    def setUp(self):
        super().setUp()
        self.in_a_week = timezone.now().replace(second=0, microsecond=0) + timedelta(days=7)


class EditorCreatesPagesTests(LoadedSiteTestCase):
    """A member of 編集者 saves a draft of every page type through the admin's create view.

    Editors cannot publish (the approval workflow does), so the drafts are saved with
    publish=False. Types limited to one page (max_count=1) or to fixed numbers (4 visions,
    22 actions) are created after removing the loader-made page that holds the place.
    """

    def setUp(self):
        super().setUp()
        self.client.force_login(self.editor)

    def test_editor_can_create_the_plan_page(self):
        PlanPage.objects.get().delete()
        self.assertCanCreate(
            self.home,
            PlanPage,
            nested_form_data(
                {
                    "title": "かまがや協働アクションプラン22",
                    "slug": "plan",
                    "start_fiscal_year": "2021",
                    "end_fiscal_year": "2026",
                    "period_note": "令和3年度から令和8年度までの6年間",
                    "introduction": rich_text("<p>協働のまちづくりの計画です。</p>"),
                }
            ),
            publish=False,
        )

    def test_editor_can_create_a_vision_page(self):
        VisionPage.objects.get(number=4).delete()
        self.assertCanCreate(
            PlanPage.objects.get(),
            VisionPage,
            nested_form_data(
                {
                    "title": "誰もが活躍できるまち",
                    "slug": "vision-4",
                    "number": "4",
                    "summary": "一人ひとりが得意を活かして地域で活躍しています。",
                    "examples": streamfield(
                        [
                            ("example", "シニアが子どもの見守りをしている"),
                            ("example", "学生が祭りを運営している"),
                        ]
                    ),
                }
            ),
            publish=False,
        )

    def test_editor_can_create_an_action_page_with_progress_records(self):
        ActionPage.objects.get(number=22).delete()
        first_action = ActionPage.objects.get(number=1)
        self.assertCanCreate(
            VisionPage.objects.get(number=1),
            ActionPage,
            {
                **nested_form_data(
                    {
                        "title": "協働の相談窓口をつくる",
                        "slug": "action-22",
                        "number": "22",
                        "status": "new",
                        "need": "協働したい人が相談できる場所",
                        "description": rich_text("<p>市民活動推進課に相談窓口を置きます。</p>"),
                        "responsible_department": "市民活動推進課",
                        "progress_records": inline_formset(
                            [
                                {
                                    "fiscal_year": "2024",
                                    "implementation_status": "partial",
                                    "activities": "窓口の準備",
                                },
                                {
                                    "fiscal_year": "2025",
                                    "implementation_status": "done",
                                    "activities": "窓口を開設",
                                    "times_held": "12",
                                    "participants": "45",
                                },
                            ]
                        ),
                    }
                ),
                **choices(related_actions=[first_action]),
            },
            publish=False,
        )

        action = ActionPage.objects.get(number=22)
        self.assertEqual(
            (
                action.live,
                list(action.related_actions.all()),
                list(
                    action.progress_records.values_list(
                        "fiscal_year", "implementation_status", "times_held", "participants"
                    )
                ),
            ),
            (False, [first_action], [(2024, "partial", None, None), (2025, "done", 12, 45)]),
        )

    def test_editor_can_create_a_group_page_with_photos_and_sns_links(self):
        photo = ImageFactory(
            collection=Collection.get_first_root_node(), description="公園で清掃活動をする会員"
        )
        district = District.objects.create(name="東部")
        nature = ActivityField.objects.get(number=7)
        self.assertCanCreate(
            GroupIndexPage.objects.get(),
            GroupPage,
            {
                **nested_form_data(
                    {
                        "title": "くぬぎ山の自然を守る会",
                        "slug": "kunugiyama",
                        "name_kana": "くぬぎやまのしぜんをまもるかい",
                        "organisation_type": "citizen_group",
                        "district": str(district.pk),
                        "summary": "里山の保全活動をしています",
                        "description": rich_text("<p>毎月、雑木林の手入れをしています。</p>"),
                        "recruiting": "on",
                        "sns_links": streamfield(
                            [
                                (
                                    "sns",
                                    {"service": "instagram", "url": "https://instagram.com/kunugi"},
                                )
                            ]
                        ),
                        "photos": inline_formset([{"image": str(photo.pk), "caption": "清掃活動"}]),
                    }
                ),
                **choices(activity_fields=[nature]),
            },
            publish=False,
        )

        group = GroupPage.objects.get()
        self.assertEqual(
            (
                group.live,
                group.district,
                list(group.activity_fields.all()),
                [(link.value["service"], link.value["url"]) for link in group.sns_links],
                list(group.photos.values_list("image", "caption")),
            ),
            (
                False,
                district,
                [nature],
                [("instagram", "https://instagram.com/kunugi")],
                [(photo.pk, "清掃活動")],
            ),
        )

    def test_editor_can_create_an_event_page_with_two_sessions(self):
        first, second = self.in_a_week, self.in_a_week + timedelta(days=7)
        sessions = [(first, first + timedelta(hours=2)), (second, second + timedelta(hours=2))]
        audiences = list(Audience.objects.all()[:2])
        self.assertCanCreate(
            EventIndexPage.objects.get(),
            EventPage,
            event_form_data(sessions, audiences, venue=str(self.venue.pk)),
            publish=False,
        )

        event = EventPage.objects.get()
        self.assertEqual(
            (
                event.live,
                event.venue,
                list(event.audiences.all()),
                list(event.sessions.values_list("starts_at", "ends_at")),
            ),
            (False, self.venue, audiences, sessions),
        )

    def test_editor_can_create_a_notice_page(self):
        self.assertCanCreate(
            NoticeIndexPage.objects.get(),
            NoticePage,
            nested_form_data(
                {
                    "title": "年末年始の窓口について",
                    "slug": "nenmatsu",
                    "priority": "important",
                    "body": rich_text("<p>12月29日から1月3日まで休みます。</p>"),
                    "display_from": admin_datetime(self.in_a_week),
                }
            ),
            publish=False,
        )

    def test_editor_can_create_each_section_index_in_place_of_the_loaded_one(self):
        for model, slug, title in (
            (GroupIndexPage, "groups", "団体をさがす"),
            (EventIndexPage, "events", "イベント"),
            (NoticeIndexPage, "notices", "お知らせ"),
        ):
            with self.subTest(model=model.__name__):
                model.objects.get().delete()
                self.assertCanCreate(
                    self.home, model, {"title": title, "slug": slug}, publish=False
                )


class HomePageCreationTests(WagtailPageTestCase):
    def test_superuser_can_create_the_home_page_on_an_empty_root(self):
        # The home page is the Site's root, made once by ensure_site_tree; editors hold
        # permissions only below it, so only an administrator can create one.
        root = Page.get_first_root_node()
        root.get_children().delete()
        self.login()
        self.assertCanCreate(
            root,
            HomePage,
            nested_form_data(
                {
                    "title": "かまがや協働ポータル",
                    "slug": "home",
                    "introduction": rich_text("<p>鎌ケ谷市の市民活動の情報です。</p>"),
                }
            ),
        )


class AdminValidationTests(LoadedSiteTestCase):
    """Wrong input is refused with a Japanese message and the form shown again, saving nothing."""

    def setUp(self):
        super().setUp()
        self.login()
        self.event_index = EventIndexPage.objects.get()

    def post_event(self, sessions=None, **fields):
        sessions = sessions or [(self.in_a_week, self.in_a_week + timedelta(hours=2))]
        data = event_form_data(sessions, **{"venue": str(self.venue.pk), **fields})
        data["action-publish"] = "action-publish"
        return self.client.post(add_url(EventPage, self.event_index), data)

    def action_edit_data(self, action, **fields):
        """What the edit form of `action` holds now, with `fields` changed, ready to publish."""
        data = querydict_from_html(
            self.client.get(edit_url(action)).content.decode(), form_id="page-edit-form"
        )
        for name, value in fields.items():
            data[name] = value
        data["action-publish"] = "action-publish"
        return data

    def assert_form_shown_again(self, response, view):
        """A 200 re-rendering the create or edit form: neither a redirect nor a server error."""
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, f"wagtailadmin/pages/{view}.html")

    def test_valid_event_is_published(self):
        response = self.post_event()

        self.assertRedirects(response, reverse("wagtailadmin_explore", args=[self.event_index.pk]))
        event = EventPage.objects.get(slug="bousai-workshop")
        self.assertTrue(event.live)
        self.assertEqual(event.sessions.count(), 1)

    def test_session_ending_before_it_starts_is_refused(self):
        response = self.post_event(sessions=[(self.in_a_week, self.in_a_week - timedelta(hours=1))])

        self.assert_form_shown_again(response, "create")
        self.assertContains(response, "終了日時は開始日時より後にしてください。")
        self.assertEqual(
            response.context["form"].formsets["sessions"].errors,
            [{"ends_at": ["終了日時は開始日時より後にしてください。"]}],
        )
        self.assertFalse(EventPage.objects.exists())

    def test_registration_deadline_after_the_first_session_is_refused(self):
        response = self.post_event(
            registration_required="on",
            registration_method="電話で申し込み",
            registration_deadline=admin_datetime(self.in_a_week + timedelta(days=1)),
        )

        self.assert_form_shown_again(response, "create")
        self.assertContains(response, "申込締切は最初の回の開始日時より前にしてください。")
        self.assertEqual(
            response.context["form"].errors,
            {"registration_deadline": ["申込締切は最初の回の開始日時より前にしてください。"]},
        )
        self.assertFalse(EventPage.objects.exists())

    def test_in_person_event_without_a_venue_is_refused(self):
        response = self.post_event(venue="")

        self.assert_form_shown_again(response, "create")
        self.assertContains(response, "会場で開催するイベントは会場を選んでください。")
        self.assertEqual(
            response.context["form"].errors,
            {"venue": ["会場で開催するイベントは会場を選んでください。"]},
        )
        self.assertFalse(EventPage.objects.exists())

    def test_more_sessions_than_the_api_promises_are_refused(self):
        days = [self.in_a_week + timedelta(days=n) for n in range(MAX_SESSIONS + 1)]
        response = self.post_event(sessions=[(day, day + timedelta(hours=1)) for day in days])

        self.assert_form_shown_again(response, "create")
        message = f"日程は{MAX_SESSIONS}件までです（いま{MAX_SESSIONS + 1}件）。"
        self.assertContains(response, message)
        self.assertEqual(response.context["form"].non_field_errors(), [message])
        self.assertFalse(EventPage.objects.exists())

    def test_more_organisers_than_the_api_promises_are_refused(self):
        groups = GroupIndexPage.objects.get()
        organisers = [
            groups.add_child(
                instance=GroupPage(
                    title=f"団体{n}",
                    slug=f"group-{n}",
                    name_kana=f"だんたい{n}",
                    organisation_type="citizen_group",
                    summary="テスト用の団体です。",
                    description="<p>テスト用の団体です。</p>",
                )
            )
            for n in range(MAX_ORGANISERS + 1)
        ]
        data = event_form_data(
            [(self.in_a_week, self.in_a_week + timedelta(hours=2))], venue=str(self.venue.pk)
        )
        data.update(choices(organisers=organisers))
        data["action-publish"] = "action-publish"
        response = self.client.post(add_url(EventPage, self.event_index), data)

        self.assert_form_shown_again(response, "create")
        message = f"主催団体は{MAX_ORGANISERS}件までです（いま{MAX_ORGANISERS + 1}件）。"
        self.assertEqual(response.context["form"].errors, {"organisers": [message]})
        self.assertFalse(EventPage.objects.exists())

    def test_action_number_already_used_is_refused(self):
        action = ActionPage.objects.get(number=2)
        revisions_before = action.revisions.count()
        taken_by = ActionPage.objects.get(number=1).title

        response = self.client.post(edit_url(action), self.action_edit_data(action, number="1"))

        message = f"アクション1はすでに「{taken_by}」で使われています。"
        self.assert_form_shown_again(response, "edit")
        self.assertContains(response, message)
        self.assertEqual(response.context["form"].errors, {"number": [message]})
        action.refresh_from_db()
        self.assertEqual((action.number, action.revisions.count()), (2, revisions_before))

    def test_action_number_beyond_the_plan_is_refused(self):
        action = ActionPage.objects.get(number=2)
        revisions_before = action.revisions.count()

        response = self.client.post(edit_url(action), self.action_edit_data(action, number="23"))

        self.assert_form_shown_again(response, "edit")
        self.assertContains(response, "この値は 22 以下でなければなりません。")
        self.assertEqual(
            response.context["form"].errors, {"number": ["この値は 22 以下でなければなりません。"]}
        )
        action.refresh_from_db()
        self.assertEqual((action.number, action.revisions.count()), (2, revisions_before))

    def test_two_progress_records_for_one_fiscal_year_are_refused(self):
        action = ActionPage.objects.get(number=2)
        revisions_before = action.revisions.count()
        same_year = {"fiscal_year": "2024", "implementation_status": "done", "activities": "講座"}
        records = nested_form_data({"progress_records": inline_formset([same_year, same_year])})

        response = self.client.post(edit_url(action), self.action_edit_data(action, **records))

        message = "取組状況で2024年度が重複しています。1年度につき1件にしてください。"
        self.assert_form_shown_again(response, "edit")
        self.assertContains(response, message)
        self.assertEqual(response.context["form"].errors, {"__all__": [message]})
        self.assertEqual(
            (action.progress_records.count(), action.revisions.count()), (0, revisions_before)
        )


def png_upload(name="photo.png"):
    """A tiny real PNG, made in memory."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "green").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class ImageUploadTests(WagtailPageTestCase):
    """Alt text is required, so no picture reaches a screen reader unnamed."""

    def setUp(self):
        super().setUp()
        self.login()
        self.collection = Collection.get_first_root_node()

    def upload(self, description):
        return self.client.post(
            reverse("wagtailimages:add"),
            {
                "title": "清掃活動",
                "file": png_upload(),
                "description": description,
                "collection": str(self.collection.pk),
            },
        )

    def test_image_without_alt_text_is_refused(self):
        response = self.upload(description="")

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"].errors, {"description": ["この項目は必須です"]})
        self.assertFalse(CustomImage.objects.exists())

    def test_image_with_alt_text_is_saved(self):
        response = self.upload(description="公園で清掃活動をする会員たち")

        self.assertRedirects(response, reverse("wagtailimages:index"))
        self.assertEqual(
            list(CustomImage.objects.values_list("title", "description", "width", "height")),
            [("清掃活動", "公園で清掃活動をする会員たち", 8, 8)],
        )


def test_a_copied_event_gets_new_calendar_ids_for_its_sessions(home_page):
    from home.models import EventPage, EventSession
    from tests.factories import event_with_sessions

    start = timezone.now() + timedelta(days=10)
    original = event_with_sessions(
        EventIndexPage.objects.get(), (start, start + timedelta(hours=1)), title="元のイベント"
    )
    original.save_revision().publish()
    copy = original.copy(update_attrs={"slug": "copied-event", "title": "コピー"}, keep_live=False)
    copy.get_latest_revision().publish()
    copy = EventPage.objects.get(pk=copy.pk)
    original_uids = set(EventSession.objects.filter(event=original).values_list("uid", flat=True))
    copied_uids = set(EventSession.objects.filter(event=copy).values_list("uid", flat=True))
    assert len(copied_uids) == 1
    assert original_uids.isdisjoint(copied_uids)
