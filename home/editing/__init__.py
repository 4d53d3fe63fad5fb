"""Everything only editors and approvers meet in the admin, in one place.

The editing guards (no save over another editor's newer change, page deletion only as Wagtail's
confirmed POST, every uploaded image decoded before it is accepted), the admin's Japanese
sign-in form, search, permission names and the editors' guide. Nothing here is used by a
public channel; wagtail_hooks.py and the settings wire it into Wagtail.
"""
