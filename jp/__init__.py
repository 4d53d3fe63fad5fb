"""Tokyo time and Japanese formatting, shared by every layer; nothing here touches the database.

`jp.time` turns dates into Asia/Tokyo instants and back, `jp.formatting` writes dates, times and
prices the way Japanese readers expect, `jp.calendar` lays a month out as a wall calendar, and
`jp.kana` writes readings in the full-width katakana open-data standards ask for.
"""
