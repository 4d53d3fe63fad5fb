"""Signed preview tokens: an editor's unsaved page, handed to a headless consumer for an hour.

The token carries the previewed content itself (signed, compressed), so nothing is stored and a
token cannot be used to read anything other than what the editor was looking at.
"""

import json

from django.contrib.contenttypes.models import ContentType
from django.core import signing

SALT = "kamagaya.page-preview"
MAX_AGE_SECONDS = 60 * 60


class InvalidPreviewToken(Exception):
    """The token is malformed, tampered with or older than an hour."""


def make_preview_token(page):
    payload = {"content_type": page.content_type_id, "content": page.to_json()}
    return signing.dumps(payload, salt=SALT, compress=True)


def page_from_preview_token(token):
    """The previewed page object (unsaved), or InvalidPreviewToken."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
        model = ContentType.objects.get_for_id(payload["content_type"]).model_class()
        page = model.from_json(payload["content"])
    except (
        signing.BadSignature,
        ContentType.DoesNotExist,
        KeyError,
        TypeError,
        ValueError,
    ) as error:
        raise InvalidPreviewToken(str(error)) from error
    except json.JSONDecodeError as error:
        raise InvalidPreviewToken(str(error)) from error
    return page
