"""Mail backends that add the portal's Reply-To (PORTAL_REPLY_TO_EMAIL) to every message naming none.

Wagtail's workflow notifications, Django's password reset and the group invitations each build
their own message, and neither Wagtail nor Django has a setting for a default Reply-To: the
backend is the one place every message passes through.
"""

import copy
from email import message_from_bytes, policy

from django.conf import settings
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.core.mail.backends.smtp import EmailBackend as DjangoSmtpBackend

SEPARATOR = "=" * 72


def with_reply_to(message):
    """`message`, or a copy of it with the portal's Reply-To when it names none of its own."""
    reply_to = settings.PORTAL_REPLY_TO_EMAIL
    has_own = message.reply_to or any(name.lower() == "reply-to" for name in message.extra_headers)
    if not reply_to or has_own:
        return message
    message = copy.copy(message)
    message.reply_to = [reply_to]
    return message


class ReplyToMixin:
    def send_messages(self, email_messages):
        return super().send_messages([with_reply_to(message) for message in email_messages])


class SmtpEmailBackend(ReplyToMixin, DjangoSmtpBackend):
    """Django's SMTP backend (EMAIL_HOST, EMAIL_PORT, …) with the portal's Reply-To."""


class ConsoleEmailBackend(ReplyToMixin, ConsoleBackend):
    """Each message on the console of `make run` as a person reads it: Django's console backend
    prints the MIME source, where a Japanese subject is =?utf-8?b?…?= and the body may be base64."""

    def write_message(self, message):
        # What would travel, decoded: the headers as given, extra headers (a Reply-To) included.
        sent = message_from_bytes(message.message().as_bytes(), policy=policy.default)
        shown = {
            "From": sent["From"],
            "To": sent["To"],
            "Cc": sent["Cc"],
            "Bcc": ", ".join(message.bcc),
            "Reply-To": sent["Reply-To"],
            "Subject": sent["Subject"],
        }
        # A long Japanese subject is folded before its first word and decodes with a leading space.
        headers = [(name, str(value).strip()) for name, value in shown.items() if value]
        text = sent.get_body(preferencelist=("plain",))
        body = text.get_content().rstrip("\n") if text else ""
        omitted = [
            part.get_content_type()
            for part in sent.walk()
            if not part.is_multipart() and part is not text
        ]
        lines = [SEPARATOR, *(f"{name}: {value}" for name, value in headers), "", body]
        if omitted:
            lines += ["", f"(not shown: {', '.join(omitted)})"]
        self.stream.write("\n".join(lines) + "\n")
