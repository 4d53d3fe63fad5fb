"""Refusals a person may meet, told in Japanese with what to do next: a form sent without its
CSRF token (CSRF_FAILURE_VIEW), and too many sign-in (password or two-factor code) or
password-reset attempts."""

from django.shortcuts import render
from django.urls import reverse

TEMPLATE = "security/_standalone.html"
ADMIN_PREFIX = "/admin/"

CSRF_FAILURE_TITLE = "送信を受け付けられませんでした"
CSRF_FAILURE_PARAGRAPHS = (
    "安全のため、この送信は受け付けられませんでした。ページを開いてから時間がたったか、"
    "ブラウザーのCookieが無効になっている可能性があります。",
    "前のページに戻って再読み込みしてから、もう一度送信してください。"
    "続くときは、このサイトのCookieを有効にしてください。",
)
TOO_MANY_ATTEMPTS_TITLE = "しばらくお待ちください"
LOGIN_LOCKED_MESSAGE = (
    "ログインの失敗が続いたため、しばらくログインできません。"
    "{minutes}分ほどしてからもう一度お試しください。"
)
TWO_FACTOR_LOCKED_MESSAGE = (
    "確認コードの誤りが続いたため、しばらくログインできません。"
    "{minutes}分ほどしてからもう一度お試しください。"
)
PASSWORD_RESET_LOCKED_MESSAGE = (
    "パスワード再設定の申し込みが続いたため、しばらく受け付けられません。"
    "{minutes}分ほどしてからもう一度お試しください。"
)


def next_steps(request):
    links = [{"url": "/", "label": "トップページ"}]
    if request.path.startswith(ADMIN_PREFIX):
        links.append({"url": reverse("wagtailadmin_login"), "label": "管理画面のログイン"})
    return links


def refusal(request, title, paragraphs, status):
    context = {"title": title, "paragraphs": paragraphs, "links": next_steps(request)}
    return render(request, TEMPLATE, context, status=status)


def csrf_failure(request, reason=""):
    # `reason` says which check failed; Django has already logged it (django.security.csrf).
    return refusal(request, CSRF_FAILURE_TITLE, CSRF_FAILURE_PARAGRAPHS, status=403)


def too_many_attempts(request, message, retry_after_seconds):
    minutes = retry_after_seconds // 60
    response = refusal(
        request, TOO_MANY_ATTEMPTS_TITLE, [message.format(minutes=minutes)], status=429
    )
    response["Retry-After"] = str(retry_after_seconds)
    return response
