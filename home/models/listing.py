class FilteredListingMixin:
    """A list page filtered from the query string: bad filter values answer 400, not 500.

    The page's view (get_context or a route) puts the bound form in `filter_form`; its errors are shown on the page.
    """

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if response.context_data["filter_form"].errors:
            response.status_code = 400
        return response
