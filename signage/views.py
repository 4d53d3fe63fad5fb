"""The kiosk page, its heartbeat and the service worker that lets it start without the server."""

import json
from functools import wraps

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.context import StrawberryDjangoContext

from cms.channel_names import SCREEN_HEADER, SIGNAGE_POLL_SECONDS
from cms.untrusted_text import unsafe_character
from graphql_api.schema import schema
from jp.time import tokyo_now

from .clock import clock_context
from .models import SignageScreen
from .query import SCREEN_QUERY, SCREEN_QUERY_ID

HEARTBEAT_SECONDS = 60
# Timings a test (or a developer) may shorten with ?poll=2&slide=3&heartbeat=2; never in
# production, where a mistyped link must not make a screen hammer the server.
TIMING_PARAMETERS = {
    "poll": "pollSeconds",
    "slide": "slideSeconds",
    "heartbeat": "heartbeatSeconds",
}
SHORTEST_TEST_TIMING = 1
MAX_VERSION_LENGTH = SignageScreen._meta.get_field("content_version").max_length
MAX_UPTIME_SECONDS = 2**31 - 1
# The files a screen needs to start with the server unreachable; fonts are cached as used.
SHELL_FILES = ("signage/signage.css", "signage/signage.js", "signage/fonts/biz-udgothic.css")


def only(method, refusal):
    """require_GET / require_POST, with a refusal a person can read instead of an empty 405."""

    def decorator(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if request.method != method:
                response = refusal()
                response.status_code = 405
                response["Allow"] = method
                return response
            return view(request, *args, **kwargs)

        return checked

    return decorator


def opened_in_a_browser():
    return HttpResponse(
        "サイネージ画面は、画面のブラウザーでこのアドレスを開いて表示します。",
        content_type="text/plain; charset=utf-8",
    )


def timing_overrides(request):
    if not settings.SIGNAGE_TIMING_OVERRIDES:
        return {}
    overrides = {}
    for parameter, name in TIMING_PARAMETERS.items():
        value = request.GET.get(parameter, "")
        if value.isdigit() and int(value) >= SHORTEST_TEST_TIMING:
            overrides[name] = int(value)
    return overrides


def first_content(request, slug):
    """The screen's content as its first poll would return it, run through the same API."""
    result = schema.execute_sync(
        SCREEN_QUERY,
        variable_values={"screen": slug},
        context_value=StrawberryDjangoContext(request=request, response=HttpResponse()),
    )
    if result.errors:
        raise result.errors[0]
    return result.data["signage"]


@never_cache
@only("GET", opened_in_a_browser)
def screen_page(request, slug):
    screen = SignageScreen.objects.find_active(slug)
    if screen is None:
        return render(request, "signage/not_found.html", {"slug": slug}, status=404)
    content = first_content(request, slug)
    now = tokyo_now()
    config = {
        "screen": slug,
        "apiUrl": reverse("graphql"),
        "queryId": SCREEN_QUERY_ID,
        "heartbeatUrl": reverse("signage:heartbeat", args=[slug]),
        "serviceWorkerUrl": reverse("signage:service_worker"),
        "screenHeader": SCREEN_HEADER,
        "pollSeconds": SIGNAGE_POLL_SECONDS,
        "heartbeatSeconds": HEARTBEAT_SECONDS,
        "slideSeconds": None,
        "renderedAt": now.isoformat(),
        **timing_overrides(request),
    }
    return render(
        request,
        "signage/screen.html",
        {
            "screen": screen,
            "content": content,
            "config": config,
            # The first set: from when the content was computed (graphql_api/signage/slides.py).
            "slides": content["timeline"][0]["slides"],
            "emergency": content["emergency"][:1],
            **clock_context(now),
        },
    )


def problem(message, status):
    return JsonResponse({"error": message}, status=status)


def heartbeat_problem(body):
    """Why a heartbeat body is unusable, or None."""
    if not isinstance(body, dict):
        return "The body must be a JSON object."
    version, uptime = body.get("contentVersion"), body.get("uptimeSeconds")
    if not isinstance(version, str) or len(version) > MAX_VERSION_LENGTH:
        return f"contentVersion must be a string of at most {MAX_VERSION_LENGTH} characters."
    # Stored as it comes: PostgreSQL refuses a NUL, and UTF-8 an unpaired surrogate.
    unsafe = unsafe_character(version)
    if unsafe:
        return f"contentVersion contains {unsafe}."
    if (
        not isinstance(uptime, int)
        or isinstance(uptime, bool)
        or not 0 <= uptime <= MAX_UPTIME_SECONDS
    ):
        return f"uptimeSeconds must be an integer between 0 and {MAX_UPTIME_SECONDS}."
    return None


# Kiosks have no session or cookie to protect, and a heartbeat changes only the screen's status.
@csrf_exempt
@only("POST", lambda: problem("Send a heartbeat as a POST with a JSON body.", 405))
def heartbeat(request, slug):
    try:
        body = json.loads(request.body.decode("utf-8"))
    # Nesting a thousand levels deep exhausts the parser's recursion: malformed, not a fault.
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return problem("The body must be JSON.", 400)
    reason = heartbeat_problem(body)
    if reason:
        return problem(reason, 400)
    updated = (
        SignageScreen.objects.active()
        .filter(slug=slug)
        .update(
            last_seen_at=timezone.now(),
            content_version=body["contentVersion"],
            uptime_seconds=body["uptimeSeconds"],
        )
    )
    if not updated:
        return problem(f"Unknown signage screen '{slug}'", 404)
    return HttpResponse(status=204)


@only("GET", opened_in_a_browser)
def service_worker(request):
    """The worker's script, served under /signage/ so it may control every screen's page."""
    script = render(
        request,
        "signage/service_worker.js",
        {
            "shell_files": json.dumps([static(name) for name in SHELL_FILES]),
            "static_prefix": settings.STATIC_URL + "signage/",
        },
        content_type="text/javascript; charset=utf-8",
    )
    script["Cache-Control"] = "no-cache"
    return script
