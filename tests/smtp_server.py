"""A real SMTP server on loopback (aiosmtpd) that keeps what it is sent: delivery tests go through
smtplib, the network and an SMTP conversation, as production's mail does."""

import logging
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from bench.server import free_port

# aiosmtpd logs every SMTP command at INFO; a failing test's report should show the portal's logs.
logging.getLogger("mail.log").setLevel(logging.WARNING)


@dataclass
class Delivery:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    # Parsed with the standard library's modern policy: headers come back decoded.
    message: EmailMessage

    @property
    def wire_subject(self):
        """The Subject as it travelled (RFC 2047 encoded words), from the legacy parser."""
        return message_from_bytes(self.raw)["Subject"]

    @property
    def body(self):
        """The plain text, with the line ends written in Python."""
        return self.message.get_body(("plain",)).get_content().replace("\r\n", "\n")

    @property
    def subject(self):
        """The Subject decoded by email.header. The modern policy's value starts with a space when
        the header was folded before its first word, as Python folds a long Japanese subject."""
        return str(make_header(decode_header(self.wire_subject)))


class LoopbackSmtpServer:
    """Listens on 127.0.0.1 on a free port while in a `with` block; `deliveries` in order.
    Keyword arguments go to aiosmtpd's SMTP (e.g. auth_required=True, authenticator=…)."""

    def __init__(self, **smtp_parameters):
        self.deliveries = []
        self.controller = Controller(
            self, hostname="127.0.0.1", port=free_port(), **smtp_parameters
        )

    @property
    def port(self):
        return self.controller.port

    @property
    def messages(self):
        return [delivery.message for delivery in self.deliveries]

    def django_settings(self, backend="mail.backends.SmtpEmailBackend", **overrides):
        """Settings that send through this server with `backend`, in plain SMTP; `overrides`
        change or add others (EMAIL_HOST_USER, …)."""
        return {
            "EMAIL_BACKEND": backend,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_TIMEOUT": 5,
            **overrides,
        }

    async def handle_DATA(self, server, session, envelope):
        self.deliveries.append(
            Delivery(
                mail_from=envelope.mail_from,
                rcpt_tos=list(envelope.rcpt_tos),
                raw=envelope.original_content,
                message=message_from_bytes(envelope.original_content, policy=policy.default),
            )
        )
        return "250 Message accepted for delivery"

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc_info):
        self.controller.stop()
