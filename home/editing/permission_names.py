"""Japanese for the permission lists of Wagtail's group admin.

Django names a permission once, in English, when migrate creates it ("Can add event page", or
the name in a model's Meta.permissions), and keeps that name in the database; Wagtail's group
admin shows the stored name (the object permissions' checkbox labels, the page permission rows,
"Other permissions"). So after every migrate each permission is renamed from its model: the four
default actions from the model's Japanese verbose_name, the rest through the catalogues
(Wagtail's own msgids, or the project's in locale/ja/LC_MESSAGES/django.po).
"""

from django.apps import apps as global_apps
from django.contrib.auth import get_permission_codename
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission
from django.db import DEFAULT_DB_ALIAS
from django.utils import translation
from django.utils.translation import gettext_lazy
from wagtail.users.forms import PagePermissionsForm

DEFAULT_ACTIONS = {
    "add": "{}を追加できる",
    "change": "{}を変更できる",
    "delete": "{}を削除できる",
    "view": "{}を閲覧できる",
}


def japanese_permission_names(opts):
    """{codename: name in Japanese} for the permissions Django creates for a model's `opts`."""
    with translation.override("ja"):
        verbose_name = str(opts.verbose_name)
        names = {
            get_permission_codename(action, opts): DEFAULT_ACTIONS[action].format(verbose_name)
            for action in opts.default_permissions
            if action in DEFAULT_ACTIONS
        }
        names.update(
            (codename, translation.gettext(str(name))) for codename, name in opts.permissions
        )
    return names


def name_permissions_in_japanese(app_config, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    """post_migrate receiver: renames the permissions of `app_config`'s models."""
    try:
        apps.get_model("auth", "Permission")
    except LookupError:
        # auth is not migrated yet, so there are no permissions (create_permissions does the same).
        return
    # home comes before django.contrib.auth in INSTALLED_APPS, so Django's own receiver, which
    # creates the permissions, runs after this one: create them first (it only adds missing ones).
    create_permissions(app_config, using=using, apps=apps, **kwargs)
    names = {
        (model._meta.model_name, codename): name
        for model in app_config.get_models()
        for codename, name in japanese_permission_names(model._meta).items()
    }
    renamed = []
    permissions = Permission.objects.using(using).filter(content_type__app_label=app_config.label)
    for permission in permissions.select_related("content_type"):
        name = names.get((permission.content_type.model, permission.codename), permission.name)
        if permission.name != name:
            permission.name = name
            renamed.append(permission)
    Permission.objects.using(using).bulk_update(renamed, ["name"])


def label_page_permission_rows():
    """Names the page chooser of each page permission row (a label for screen readers).

    Wagtail gives the field no label, so Django shows the field's name, "Page", which no catalogue
    translates; Wagtail's catalogue does translate the same word given as a label.
    """
    PagePermissionsForm.base_fields["page"].label = gettext_lazy("Page")
