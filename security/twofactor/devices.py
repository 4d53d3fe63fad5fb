"""A user's authenticator (django-otp's TOTPDevice) and backup codes (StaticDevice), and the
site history entries that say who turned them on, off or reset them."""

import logging
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

logger = logging.getLogger(__name__)

AUTHENTICATOR_NAME = "認証アプリ"
BACKUP_CODES_NAME = "バックアップコード"
BACKUP_CODE_COUNT = 10
TOTP_DIGITS = 6

ENABLED_ACTION = "security.two_factor_enabled"
REMOVED_ACTION = "security.two_factor_removed"
RESET_ACTION = "security.two_factor_reset"


def has_authenticator(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def pending_authenticator(user):
    """The unconfirmed authenticator the set-up page shows, the same one on every reload."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def device_for_code(user, code):
    """The device a code is meant for, locked for the verification: six digits are the
    authenticator's, anything else a backup code. django-otp no longer tries a code on every
    device (that counted a failure against each device that did not match)."""
    authenticator = TOTPDevice.objects.devices_for_user(user, confirmed=True).select_for_update()
    if not (code.isdigit() and len(code) == TOTP_DIGITS):
        backup = StaticDevice.objects.devices_for_user(user, confirmed=True).select_for_update()
        if backup.exists():
            return backup.first()
    return authenticator.first()


def qr_code_svg(device):
    """The otpauth:// address as an inline SVG (pure Python, white background for dark mode)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage)
    return image.to_string(encoding="unicode")


def secret_for_manual_entry(device):
    """The key as authenticator apps ask for it typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def new_backup_codes(user):
    """Replace the user's backup codes with a fresh set; the codes, to be shown once."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": BACKUP_CODES_NAME, "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def backup_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def confirm_authenticator(device):
    """Turn two-factor sign-in on with a device whose code was just accepted; the backup codes."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = new_backup_codes(device.user)
        log(instance=device.user, action=ENABLED_ACTION, user=device.user)
    logger.info("Two-factor sign-in enabled: username=%r", device.user.get_username())
    return codes


def remove_devices(user, removed_by=None):
    """Delete every authenticator and backup code of the user; how many devices there were
    (with none, nothing is recorded).

    Removed by the user themselves (removed_by is the user), or reset for a lost phone by an
    administrator (removed_by) or `manage.py reset_two_factor` (None)."""
    reset = removed_by != user
    with transaction.atomic():
        count = sum(
            model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
            for model in (TOTPDevice, StaticDevice)
        )
        if not count:
            return 0
        log(
            instance=user,
            action=RESET_ACTION if reset else REMOVED_ACTION,
            user=removed_by,
            data={"username": user.get_username()},
        )
    logger.warning(
        "Two-factor sign-in %s: username=%r by=%r devices=%d",
        "reset" if reset else "removed",
        user.get_username(),
        removed_by.get_username() if removed_by is not None else "manage.py",
        count,
    )
    return count
