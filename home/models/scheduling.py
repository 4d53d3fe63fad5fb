"""The schedule dialog in the editors' words: 公開日時 and 公開終了日時, each saying what it does.

Wagtail's PublishingPanel labels the fields with the model's verbose names and no help text;
the clerks' manual and the README call them 公開日時 / 公開終了日時, so every page type's settings
tab uses this panel instead.
"""

from wagtail.admin.panels import PublishingPanel

GO_LIVE_LABEL = "公開日時"
GO_LIVE_HELP = (
    "この日時になると自動で公開されます（例：2027-04-01 09:00）。"
    "空欄なら、承認された時点ですぐ公開されます。予約は承認者が「公開を予約」で確定します。"
)
EXPIRY_LABEL = "公開終了日時"
EXPIRY_HELP = (
    "この日時を過ぎると自動で非公開になり、ウェブサイト・API・フィード・案内画面のすべてから"
    "消えます（例：2027-03-31 17:00）。空欄なら期限なく公開されます。"
)


class SchedulePanel(PublishingPanel):
    """Wagtail's publishing schedule with the editors' labels and a help text per field."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        labels = {
            "go_live_at": (GO_LIVE_LABEL, GO_LIVE_HELP),
            "expire_at": (EXPIRY_LABEL, EXPIRY_HELP),
        }
        for child in self.children:
            child.heading, child.help_text = labels[child.field_name]


# Every page type's settings tab (Wagtail's default has no comment panel here: comments are off).
SCHEDULE_SETTINGS_PANELS = [SchedulePanel()]
