"""Partners in the admin: a key is shown once when issued and only its hash is kept."""

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import ModelLogEntry

from home.loading.editors import APPROVERS, ensure_editor_roles
from partners.models import Partner, hash_key

ADD_URL = reverse("wagtailsnippets_partners_partner:add")
LIST_URL = reverse("wagtailsnippets_partners_partner:list")
SHOWN_KEY = re.compile(r"APIキー：(\S+) この画面を離れると二度と表示できません。")

pytestmark = pytest.mark.django_db


def edit_url(partner):
    return reverse("wagtailsnippets_partners_partner:edit", args=[partner.pk])


def partner_form_data(**fields):
    return {
        "name": "鎌ケ谷市立第一中学校",
        "kind": "school",
        "contact_name": "情報担当 山田",
        "contact_email": "it@school.example.jp",
        "allowed_origins": "https://school.example.jp\r\nhttps://portal.school.example.jp",
        "rate_limit_per_minute": "600",
        "is_active": "on",
        **fields,
    }


def shown_keys(response):
    return SHOWN_KEY.findall(response.content.decode())


def stored_values(partner):
    return [str(getattr(partner, field.attname)) for field in Partner._meta.concrete_fields]


@pytest.fixture
def school():
    partner = Partner(name="鎌ケ谷市立第二小学校", allowed_origins="https://school2.example.jp")
    raw_key = partner.issue_key()
    partner.save()
    return partner, raw_key


def test_creating_a_partner_shows_its_key_once_and_stores_only_its_hash(admin_client):
    response = admin_client.post(ADD_URL, partner_form_data(), follow=True)

    assert response.status_code == 200
    [raw_key] = shown_keys(response)
    partner = Partner.objects.get()
    assert partner.name == "鎌ケ谷市立第一中学校"
    assert partner.key_hash == hash_key(raw_key)
    assert partner.key_prefix == raw_key[:8]
    assert all(raw_key not in value for value in stored_values(partner))
    assert Partner.for_key(raw_key) == partner
    assert shown_keys(admin_client.get(LIST_URL)) == []


def test_the_add_form_has_no_reissue_checkbox_and_the_edit_form_has_one(admin_client, school):
    partner, _ = school

    assert "reissue_key" not in admin_client.get(ADD_URL).content.decode()
    edit_page = admin_client.get(edit_url(partner)).content.decode()
    assert "APIキーを再発行する" in edit_page
    assert f"今のキー（{partner.key_prefix}…で始まるもの）" in edit_page


def test_reissuing_shows_a_new_key_once_and_the_old_key_stops_working(admin_client, school):
    partner, old_key = school

    response = admin_client.post(
        edit_url(partner),
        partner_form_data(name=partner.name, reissue_key="on"),
        follow=True,
    )

    [new_key] = shown_keys(response)
    assert new_key != old_key
    assert Partner.for_key(old_key) is None
    assert Partner.for_key(new_key) == partner
    partner.refresh_from_db()
    assert (partner.key_hash, partner.key_prefix) == (hash_key(new_key), new_key[:8])


def test_saving_without_reissuing_keeps_the_key_and_shows_none(admin_client, school):
    partner, raw_key = school

    response = admin_client.post(
        edit_url(partner),
        partner_form_data(name=partner.name, rate_limit_per_minute="1200"),
        follow=True,
    )

    assert shown_keys(response) == []
    partner.refresh_from_db()
    assert partner.rate_limit_per_minute == 1200
    assert Partner.for_key(raw_key) == partner


def test_the_key_is_not_in_the_admins_audit_log(admin_client):
    response = admin_client.post(ADD_URL, partner_form_data(), follow=True)

    [raw_key] = shown_keys(response)
    [entry] = ModelLogEntry.objects.filter(action="wagtail.create")
    assert entry.label == "鎌ケ谷市立第一中学校"
    assert raw_key not in json.dumps(entry.data, ensure_ascii=False)


def test_an_origin_with_a_path_is_refused_with_an_explanation(admin_client):
    response = admin_client.post(
        ADD_URL, partner_form_data(allowed_origins="https://school.example.jp/portal/")
    )

    assert response.status_code == 200
    assert Partner.objects.count() == 0
    assert "オリジンとして読めない行があります：https://school.example.jp/portal/" in (
        response.content.decode()
    )


def test_a_rate_limit_of_zero_is_refused(admin_client):
    admin_client.post(ADD_URL, partner_form_data(rate_limit_per_minute="0"))

    assert Partner.objects.count() == 0


def test_the_list_shows_usage_and_the_key_prefix_but_not_the_key(admin_client, school):
    partner, raw_key = school
    partner.record_use()

    page = admin_client.get(LIST_URL).content.decode()

    assert partner.name in page
    assert partner.key_prefix in page
    assert raw_key not in page


def test_approvers_cannot_manage_partners(client, home_page, django_user_model):
    ensure_editor_roles(home_page)
    approver = django_user_model.objects.create_user("shonin", password="password")
    approver.groups.add(Group.objects.get(name=APPROVERS))
    client.force_login(approver)

    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
