"""manage.py reset_two_factor <username>

For a lost or replaced phone: removes the user's authenticator and backup codes, so that they
sign in with their password alone and can set up two-factor sign-in again. Recorded in the site
history and the log, as the admin's reset in the user listing is.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from security.twofactor.devices import remove_devices


class Command(BaseCommand):
    help = "二段階認証をリセットします（認証アプリとバックアップコードを削除します）。"

    def add_arguments(self, parser):
        parser.add_argument("username", help="リセットするユーザーのログインID")

    def handle(self, *args, username, **options):
        User = get_user_model()
        user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(f"ログインID「{username}」のユーザーがいません。")
        if remove_devices(user):
            self.stdout.write(
                f"{username} さんの二段階認証をリセットしました。"
                "次回からパスワードだけでログインできます。"
            )
        else:
            self.stdout.write(f"{username} さんは二段階認証を使っていません。")
