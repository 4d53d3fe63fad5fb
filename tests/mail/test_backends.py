"""The portal's mail backends: the Reply-To from settings on every message that names none, and
a development console a Japanese clerk can read."""

from email.header import decode_header, make_header

from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection

from mail.backends import ConsoleEmailBackend

FROM = "かまがや協働ポータル <noreply@kyodo.example.jp>"
REPLY_TO = "鎌ケ谷市 市民活動推進課 <shimin@city.kamagaya.example>"
SUBJECT = "【かまがや協働ポータル】承認依頼：年末年始の窓口（Q&A）"


def message(**options):
    return EmailMessage(
        subject=SUBJECT,
        body="山田 花子さんから、ページの承認依頼が届きました。\n",
        from_email=FROM,
        to=["shonin@city.kamagaya.example"],
        **options,
    )


def test_the_reply_to_from_settings_is_added_to_a_message_naming_none(settings, smtp_server):
    settings.PORTAL_REPLY_TO_EMAIL = REPLY_TO

    message().send()

    (sent,) = smtp_server.messages
    assert (sent["From"], sent["To"], sent["Reply-To"]) == (
        FROM,
        "shonin@city.kamagaya.example",
        REPLY_TO,
    )


def test_a_message_keeps_its_own_reply_to(settings, smtp_server):
    settings.PORTAL_REPLY_TO_EMAIL = REPLY_TO

    message(reply_to=["kunugi@example.jp"]).send()
    message(headers={"Reply-To": "kunugi@example.jp"}).send()

    assert [sent.get_all("Reply-To") for sent in smtp_server.messages] == [
        ["kunugi@example.jp"],
        ["kunugi@example.jp"],
    ]


def test_without_a_reply_to_setting_messages_have_none(settings, smtp_server):
    settings.PORTAL_REPLY_TO_EMAIL = ""

    message().send()

    (sent,) = smtp_server.messages
    assert sent["Reply-To"] is None


def test_the_subject_travels_as_encoded_utf8_and_decodes_to_the_japanese(settings, smtp_server):
    message().send()

    (delivery,) = smtp_server.deliveries
    words = decode_header(delivery.wire_subject)
    assert (delivery.wire_subject.isascii(), {charset for _, charset in words}) == (
        True,
        {"utf-8"},
    )
    assert str(make_header(words)) == SUBJECT


def test_the_development_console_shows_a_message_as_a_person_reads_it(settings, capsys):
    settings.PORTAL_REPLY_TO_EMAIL = REPLY_TO
    connection = get_connection(backend="mail.backends.ConsoleEmailBackend")

    message(connection=connection).send()

    assert capsys.readouterr().out == (
        "========================================================================\n"
        "From: かまがや協働ポータル <noreply@kyodo.example.jp>\n"
        "To: shonin@city.kamagaya.example\n"
        "Reply-To: 鎌ケ谷市 市民活動推進課 <shimin@city.kamagaya.example>\n"
        "Subject: 【かまがや協働ポータル】承認依頼：年末年始の窓口（Q&A）\n"
        "\n"
        "山田 花子さんから、ページの承認依頼が届きました。\n"
    )


def test_the_development_console_names_the_parts_it_does_not_show(settings, capsys):
    settings.PORTAL_REPLY_TO_EMAIL = ""
    mail = EmailMultiAlternatives(
        "お知らせ", "本文です。", FROM, ["a@example.jp"], bcc=["b@example.jp"]
    )
    mail.attach_alternative("<p>本文です。</p>", "text/html")
    mail.attach("list.csv", "a,b\n", "text/csv")

    ConsoleEmailBackend().send_messages([mail])

    assert capsys.readouterr().out.splitlines()[1:] == [
        "From: かまがや協働ポータル <noreply@kyodo.example.jp>",
        "To: a@example.jp",
        "Bcc: b@example.jp",
        "Subject: お知らせ",
        "",
        "本文です。",
        "",
        "(not shown: text/html, text/csv)",
    ]
