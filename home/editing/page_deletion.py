"""Deleting many pages at once needs the site's name typed in, checked on the server too.

Wagtail asks for the name when a deletion takes WAGTAILADMIN_UNSAFE_PAGE_DELETION_LIMIT pages or
more, but only the browser insists on it: a request without the field deletes, and a wrong name
is refused in English. Here both are refused in Japanese and the confirmation is shown again.
"""

from django.conf import settings
from django.shortcuts import redirect
from wagtail.admin import messages

UNSAFE_PAGE_DELETION_LIMIT_DEFAULT = 10


def needs_typed_confirmation(total_pages):
    limit = getattr(
        settings, "WAGTAILADMIN_UNSAFE_PAGE_DELETION_LIMIT", UNSAFE_PAGE_DELETION_LIMIT_DEFAULT
    )
    return total_pages >= limit


def refuse_untyped_deletion(request, total_pages):
    """A redirect back to the confirmation, or None when the deletion may go ahead."""
    if request.method != "POST" or not needs_typed_confirmation(total_pages):
        return None
    site_name = settings.WAGTAIL_SITE_NAME
    if request.POST.get("confirm_site_name") == site_name:
        return None
    messages.error(
        request,
        f"削除しませんでした。{total_pages}ページが削除されるため、"
        f"確認欄に「{site_name}」と正しく入力してから、もう一度「はい、削除します」を押してください。",
    )
    return redirect(request.get_full_path())
