"""What every response must satisfy, whatever was sent: the properties the fuzzers check.

- never a server error (5xx);
- nothing of the server's inside: no traceback, file path, module, SQL or internal class name;
- nothing that is not public: no page carrying HIDDEN_MARKER in its title or summary;
- a refusal a person can read: API and feed errors in English, HTML error pages in Japanese.
"""

import json
import re

from django.apps import apps

from graphql_api.schema import schema

from .content import HIDDEN_MARKER

LEAK_MARKERS = (
    "Traceback",
    'File "',
    "django.",
    "psycopg",
    "strawberry.",
    "graphql_api.",
    "/work/",
    "site-packages",
    "SELECT ",
    "INSERT INTO",
    "UPDATE ",
    "DELETE FROM",
    "IntegrityError",
    "DataError",
    "OperationalError",
    "ProgrammingError",
    "UnicodeEncodeError",
    "UnicodeDecodeError",
    "ValueError",
    "TypeError",
    "KeyError",
    "AttributeError",
    "RecursionError",
    "RuntimeError",
    HIDDEN_MARKER,
)
PROJECT_APPS = ("home", "signage", "partners")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
FORM_ERROR = re.compile(r'<ul class="errorlist[^"]*"[^>]*>\s*<li>(.*?)</li>', re.DOTALL)
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


def public_type_names():
    return {name for name in schema._schema.type_map if not name.startswith("__")}


def internal_class_names():
    """Python class names a consumer must never see: the project's models and the API's
    strawberry classes, where they differ from a public GraphQL type name."""
    public = public_type_names()
    models = {
        model.__name__ for model in apps.get_models() if model._meta.app_label in PROJECT_APPS
    }
    strawberry_classes = {
        getattr(definition.definition, "origin", None)
        for definition in schema.schema_converter.type_map.values()
    }
    python_names = {
        origin.__name__
        for origin in strawberry_classes
        if isinstance(origin, type) and origin.__module__.startswith("graphql_api")
    }
    return sorted((models | python_names) - public)


INTERNAL_NAME = re.compile(r"\b(?:" + "|".join(internal_class_names()) + r")\b")


def leaks(text):
    """Every marker of the server's inside (or of hidden content) found in a response body."""
    found = [marker for marker in LEAK_MARKERS if marker in text]
    found += INTERNAL_NAME.findall(text)
    return found


def is_readable_english(message):
    """A sentence a developer can read: text with at least two English words in it."""
    return (
        isinstance(message, str)
        and message.strip() != ""
        and len(ENGLISH_WORD.findall(message)) >= 2
    )


def body_text(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", errors="replace")
    return response.content.decode("utf-8", errors="replace")


def is_readable(text):
    """Readable English, or Japanese: a refusal in plain text may be either."""
    return is_readable_english(text) or bool(JAPANESE.search(text))


def describe(response, text):
    return f"{response.status_code} {response.get('Content-Type')}: {text[:600]!r}"


def assert_not_a_server_error(response, text):
    assert response.status_code < 500, describe(response, text)


def assert_reveals_nothing(response, text):
    found = leaks(text)
    assert found == [], f"{found} in {describe(response, text)}"


def assert_graphql_answer(response):
    """The properties of every /graphql/ response; returns its parsed body."""
    text = body_text(response)
    assert_not_a_server_error(response, text)
    assert response.status_code == 200 or 400 <= response.status_code < 500, describe(
        response, text
    )
    assert response["Content-Type"].startswith("application/json"), describe(response, text)
    assert_reveals_nothing(response, text)
    body = json.loads(text)
    assert isinstance(body, dict), describe(response, text)
    errors = body.get("errors")
    if response.status_code == 200:
        assert errors is None and isinstance(body.get("data"), dict), describe(response, text)
    else:
        assert isinstance(errors, list) and errors, describe(response, text)
        unreadable = [error for error in errors if not is_readable_english(error.get("message"))]
        assert unreadable == [], describe(response, text)
    return body


def assert_page_answer(response):
    """The properties of every response from the website, the feeds and the signage screens."""
    text = body_text(response)
    assert_not_a_server_error(response, text)
    assert_reveals_nothing(response, text)
    # An answer to HEAD has no body to read.
    if response.status_code < 400 or response.request["REQUEST_METHOD"] == "HEAD":
        return
    content_type = response.get("Content-Type", "")
    if content_type.startswith("text/html"):
        # A visitor reads the refusal: a Japanese page, its form errors Japanese too, whatever
        # language the browser prefers.
        assert JAPANESE.search(text) and 'lang="ja"' in text, describe(response, text)
        not_japanese = [error for error in FORM_ERROR.findall(text) if not JAPANESE.search(error)]
        assert not_japanese == [], describe(response, text)
    elif content_type.startswith("application/json"):
        body = json.loads(text)
        messages = [error.get("message") for error in body.get("errors", [])]
        messages += [body["error"]] if "error" in body else []
        assert messages and all(map(is_readable_english, messages)), describe(response, text)
    else:
        assert is_readable(text), describe(response, text)
