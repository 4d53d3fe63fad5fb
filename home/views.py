"""Site pages that are not Wagtail pages: the search results."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail.models import Page

from .search import search_page_ids

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 20
KIND_LABELS = {
    "eventpage": "イベント",
    "grouppage": "団体",
    "actionpage": "アクション",
    "visionpage": "未来像",
    "noticepage": "お知らせ",
}


def search(request):
    query = request.GET.get("q", "").strip()
    error = ""
    ids = []
    if len(query) > MAX_QUERY_LENGTH:
        error = f"検索語は{MAX_QUERY_LENGTH}文字以内で入力してください。"
    elif query:
        ids = search_page_ids(query)
    page_of_ids = Paginator(ids, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    # A result needs only its title, URL and type, all on the base Page row: fetching the
    # specific pages would cost one more query for every page type among the results.
    pages = Page.objects.filter(pk__in=list(page_of_ids)).in_bulk()
    results = [
        {"page": pages[pk], "kind": KIND_LABELS.get(pages[pk].cached_content_type.model, "ページ")}
        for pk in page_of_ids
    ]
    params = request.GET.copy()
    params.pop("page", None)
    return TemplateResponse(
        request,
        "home/search_results.html",
        {
            "query": query,
            "error": error,
            "results": results,
            "page_obj": page_of_ids,
            "pager_query": params.urlencode(),
        },
        status=400 if error else 200,
    )
