"""The invitation e-mail, in Japanese: who invites whom to which group, the link and its expiry."""

from django.conf import settings
from django.core.mail import EmailMessage

from jp.time import TOKYO

SITE_NAME = "かまがや協働ポータル"


def invitation_message(invitation, link):
    account, user = invitation.account, invitation.user
    inviter = invitation.invited_by
    inviter_name = (
        (inviter.get_full_name() or inviter.get_username()) if inviter else "市民活動推進課"
    )
    expires = invitation.expires_at.astimezone(TOKYO)
    greeting = f"{user.last_name} 様" if user.last_name else "ご担当者 様"
    body = "\n".join(
        [
            greeting,
            "",
            f"{inviter_name}さんから、{SITE_NAME}で「{account.page.title}」の団体紹介と",
            "イベントを編集するメンバーとして招待されました。",
            "",
            "次のリンクを開いてパスワードを決めると、管理画面に入れます。",
            link,
            "",
            f"このリンクは一度だけ使えます。有効期限：{expires:%Y年%-m月%-d日 %H:%M}",
            "編集した内容は、市の承認者が確認してから公開されます。",
            "",
            "心当たりがない場合は、このメールを破棄してください。",
            "",
            f"{SITE_NAME}（鎌ケ谷市 市民活動推進課）",
        ]
    )
    return EmailMessage(
        subject=f"【{SITE_NAME}】「{account.page.title}」の編集メンバーに招待されました",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
