"""The admin's preview panel: resumes after a refused save once the errors are corrected
(static/preview/resume-after-errors.js says why Wagtail 8 alone does not)."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_editor_js")
def resume_preview_after_refused_save():
    return format_html('<script src="{}" defer></script>', static("preview/resume-after-errors.js"))
