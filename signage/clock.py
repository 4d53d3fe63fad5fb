"""The Tokyo time and date the kiosk page shows above its slides, as the server first renders them
(the kiosk's script keeps them current; the admin's preview shows them as rendered)."""

from jp.formatting import japanese_date, month_day


def clock_context(now):
    """The template's `clock`, `date` (in the bar) and `full_date` (outside operating hours)."""
    return {"clock": f"{now:%H:%M}", "date": month_day(now), "full_date": japanese_date(now)}
