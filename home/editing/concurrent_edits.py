"""Two editors on one page: the later save must not silently undo the earlier one.

Every edit form carries the revision it was loaded from (`loaded_revision_id`,
`loaded_revision_created_at`). Wagtail compares them with the page's latest revision only for
autosave, which is off here; an ordinary save, submit or publish from an out-of-date form
becomes the newest revision and quietly reverts whatever the other editor changed. These views
refuse such a save instead, show the form again with everything the editor typed, and say who
saved the page in the meantime. The re-shown form carries the new latest revision, so saving it
again, once the editor has looked at the other change, goes through.

A page without any revision renders no loaded revision, so nothing can be compared; the admin and
the loaders (home/loading/pages.py) give every page a revision when they make it.
"""

from django.db import transaction
from django.utils import timezone
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.revisions import RevisionsRevertView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page


def newer_revision_message(revision):
    who = f"{get_user_display_name(revision.user)}さん" if revision.user else "別の編集者"
    saved_at = timezone.localtime(revision.created_at)
    when = f"{saved_at.year}年{saved_at.month}月{saved_at.day}日 {saved_at:%H:%M}"
    return (
        f"保存しませんでした。あなたが編集を始めた後に、{who}が{when}にこのページを保存しています。"
        "あなたの入力はこの画面に残っています。"
        f"「履歴」で{who}の変更を確認し、必要な内容をこの画面に取り込んでから、"
        "もう一度保存してください（もう一度保存すると、この画面の内容が最新版になります）。"
    )


class RefuseSavingOverNewerRevisionMixin:
    """For Wagtail's page edit views: an out-of-date form is shown again, not saved."""

    newer_revision_saved_meanwhile = False

    @property
    def saves_over_newer_revision(self):
        # Autosave requests get Wagtail's own JSON refusal.
        return not self.expects_json_response and self.is_out_of_date

    def form_valid(self, form):
        # Checked again with the page's row locked until this save commits: two saves from the
        # same loaded revision that arrive together both passed the check made when each request
        # began, and the later one would quietly become the newest revision.
        with transaction.atomic():
            if self.saves_over_newer_revision or self.saved_by_someone_else_meanwhile():
                return self.form_invalid(form)
            return super().form_valid(form)

    def saved_by_someone_else_meanwhile(self):
        loaded = self.request.POST.get("loaded_revision_id")
        if self.expects_json_response or not loaded or not self.latest_revision:
            return False
        latest_id = (
            Page.objects.select_for_update()
            .filter(pk=self.page.pk)
            .values_list("latest_revision_id", flat=True)
            .get()
        )
        if str(latest_id) == loaded:
            return False
        # The form is shown again carrying the revision saved meanwhile, named in the message.
        self.latest_revision = self.real_page_record.revisions.get(pk=latest_id)
        self.__dict__.pop("latest_revision_created_at", None)
        self.newer_revision_saved_meanwhile = True
        return True

    def form_invalid(self, form):
        # Also when the form has other errors: once they are fixed, the form shown again
        # carries the newest revision, and the editor must have been told about it by then.
        if self.saves_over_newer_revision or self.newer_revision_saved_meanwhile:
            form.add_error(None, newer_revision_message(self.latest_revision))
        return super().form_invalid(form)


class NoOverwriteEditView(RefuseSavingOverNewerRevisionMixin, EditView):
    pass


class NoOverwriteRevisionsRevertView(RefuseSavingOverNewerRevisionMixin, RevisionsRevertView):
    pass


class NoOverwritePageViewSet(PageViewSet):
    """Wagtail's views for every page type, with the two that save a form replaced."""

    edit_view_class = NoOverwriteEditView
    revisions_revert_view_class = NoOverwriteRevisionsRevertView
