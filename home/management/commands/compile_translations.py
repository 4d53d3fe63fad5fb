from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


def compile_catalogs(locale_paths):
    """Writes a .mo next to every .po under `locale_paths`; returns the .mo paths written.

    polib rather than Django's compilemessages, which needs GNU gettext on the machine. Fuzzy and
    empty entries are left out, as msgfmt leaves them out, so English shows until they are done.
    """
    written = []
    for locale_path in locale_paths:
        for po_path in sorted(Path(locale_path).rglob("*.po")):
            mo_path = po_path.with_suffix(".mo")
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            written.append(mo_path)
    return written


class Command(BaseCommand):
    help = (
        "Compile the project's translations (every .po under LOCALE_PATHS) to the .mo files "
        "Django reads. The .mo files are build output and are not kept in git."
    )

    def handle(self, *args, **options):
        written = compile_catalogs(settings.LOCALE_PATHS)
        self.stdout.write(self.style.SUCCESS(f"Compiled {len(written)} translation catalogues."))
