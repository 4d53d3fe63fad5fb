"""The project's Japanese catalogues (locale/): compiled as they are written, safe to format,
and ahead of Wagtail's own, in Python and in the admin's scripts."""

import json
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from home.management.commands.compile_translations import compile_catalogs

CATALOGUES = sorted(Path(settings.LOCALE_PATHS[0]).rglob("*.po"))
# %(name)s, %s, %d and the {name} of str.format, which some of Wagtail's messages use.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sdf]|\{\w*\}")


def translated(entry):
    return entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr


def test_there_are_a_django_and_a_javascript_catalogue_in_japanese():
    assert [path.relative_to(settings.LOCALE_PATHS[0]).as_posix() for path in CATALOGUES] == [
        "ja/LC_MESSAGES/django.po",
        "ja/LC_MESSAGES/djangojs.po",
    ]


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.name)
def test_every_entry_is_translated_and_has_the_plural_form_japanese_uses(po_path):
    catalogue = polib.pofile(str(po_path))
    assert catalogue.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert [entry.msgid for entry in catalogue if not translated(entry)] == []
    assert [entry.msgid for entry in catalogue if entry.fuzzy or entry.obsolete] == []


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.name)
def test_translations_use_only_placeholders_the_message_is_given(po_path):
    """A placeholder the English does not fill would raise when the admin formats the message.
    With one plural form, the translation stands for the plural message and uses its names."""
    unknown = {}
    for entry in polib.pofile(str(po_path)):
        given = set(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        used = set(PLACEHOLDER.findall(translated(entry)))
        if used - given:
            unknown[entry.msgid] = sorted(used - given)
    assert unknown == {}


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.name)
def test_compiled_catalogues_match_their_sources(po_path, tmp_path):
    """`make translations` has been run since the .po last changed (Django reads only the .mo)."""
    served = po_path.with_suffix(".mo")
    assert served.exists(), f"{served} is missing: run `make translations`"
    expected = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in polib.pofile(str(po_path))}
    found = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in polib.mofile(str(served))}
    expected_plurals = {
        entry.msgid: entry.msgstr_plural[0]
        for entry in polib.pofile(str(po_path))
        if entry.msgid_plural
    }
    found_plurals = {
        entry.msgid: entry.msgstr_plural[0]
        for entry in polib.mofile(str(served))
        if entry.msgid_plural
    }
    assert (found, found_plurals) == (expected, expected_plurals), "run `make translations`"


def test_compiling_writes_a_mo_file_next_to_each_po_file(tmp_path):
    source = tmp_path / "ja" / "LC_MESSAGES" / "django.po"
    source.parent.mkdir(parents=True)
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalogue.append(polib.POEntry(msgid="Set schedule", msgstr="公開日時を設定"))
    catalogue.save(str(source))

    assert compile_catalogs([tmp_path]) == [source.with_suffix(".mo")]
    assert [(e.msgid, e.msgstr) for e in polib.mofile(str(source.with_suffix(".mo")))] == [
        ("Set schedule", "公開日時を設定")
    ]


def test_the_django_catalogue_overrides_and_completes_wagtails_japanese():
    entries = [entry for entry in polib.pofile(str(CATALOGUES[0])) if not entry.msgid_plural]
    with translation.override("ja"):
        wrong = {
            entry.msgid: translation.gettext(entry.msgid)
            for entry in entries
            if translation.gettext(entry.msgid) != entry.msgstr
        }
    assert wrong == {}


def test_plural_messages_format_in_japanese():
    with translation.override("ja"):
        message = translation.ngettext("Publish 1 page", "Publish %(counter)s pages", 3)
    assert message % {"counter": 3} == "3ページを公開"


def test_the_admins_script_catalogue_carries_the_project_translations(client):
    response = client.get("/admin/jsi18n/")
    catalogue = json.loads(
        re.search(r"const newcatalog = (\{.*?\});", response.text, re.DOTALL).group(1)
    )
    expected = {entry.msgid: translated(entry) for entry in polib.pofile(str(CATALOGUES[1]))}
    found = {msgid: catalogue.get(msgid) for msgid in expected}
    # ngettext entries are lists, one per plural form.
    found = {
        msgid: value[0] if isinstance(value, list) else value for msgid, value in found.items()
    }
    assert found == expected
