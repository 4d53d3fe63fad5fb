"""The admin's page permission policy, narrowed for group members.

Wagtail lets anyone who may add pages under a page explore all of that page's descendants: a
member who may add events would see every group's events, their draft titles included, in the
explorer, the admin's page search, the site history and the reports. Registered in place of
Wagtail's own policy (its documented extension point, `register_permission_policy`), this one
lets a group member explore only the pages they may edit and the sections above them; everyone
else is unchanged.
"""

from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from .members import is_group_member_only, member_visible_pages


class PortalPagePermissionPolicy(PagePermissionPolicy):
    def explorable_instances(self, user):
        explorable = super().explorable_instances(user)
        if is_group_member_only(user):
            return explorable.filter(pk__in=member_visible_pages(user))
        return explorable


def portal_page_permission_policy():
    return PortalPagePermissionPolicy(Page)
