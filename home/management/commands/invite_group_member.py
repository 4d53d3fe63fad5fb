"""manage.py invite_group_member --group <slug> --email <address> [--name <name>]

Invites someone to edit a citizen group's profile and events (issue 17), as an approver does from
the group's page in the admin: for onboarding many groups at once. Without a mail server the
one-time link is printed, to be handed over another way.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from home.editing.members import invite, mail_server_configured
from home.models import GroupPage


class Command(BaseCommand):
    help = "団体の編集メンバーを招待します（7日間有効の一度だけ使えるリンクをメールで送ります）。"

    def add_arguments(self, parser):
        parser.add_argument("--group", required=True, help="団体ページのスラッグ")
        parser.add_argument("--email", required=True, help="招待する人のメールアドレス")
        parser.add_argument("--name", default="", help="招待する人の名前（メールの宛名）")

    def handle(self, *args, group, email, name, **options):
        page = GroupPage.objects.filter(slug=group).first()
        if page is None:
            raise CommandError(f"スラッグ「{group}」の団体ページがありません。")
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"メールアドレス「{email}」の形式が正しくありません。") from error
        invitation, link = invite(page, email, name)
        self.stdout.write(f"「{page.title}」に {invitation.user.email} を招待しました。")
        if not invitation.mailed:
            self.stdout.write("メールを送れませんでした。次のリンクを本人に伝えてください：")
            self.stdout.write(link)
        elif mail_server_configured():
            self.stdout.write("招待メールを送りました。")
        else:
            self.stdout.write(
                "メールサーバーが設定されていないため、次のリンクを本人に伝えてください："
            )
            self.stdout.write(link)
