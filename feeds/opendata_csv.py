"""/feeds/events.csv: 自治体標準オープンデータセット「イベント一覧」, for open-data portals.

The columns, in the standard's order, are read from home/data/opendata-event-columns.txt, the
transcription of the standard. One row per session, because the standard describes dated
occurrences: a 全3回 course is three rows with the same name and URL.
"""

import csv
import io
from pathlib import Path

import home
from home.models.choices import EventStatus
from home.structured_data import place_name
from jp.kana import to_katakana
from jp.time import TOKYO

from .event_text import SUMMARY_PREFIX, meets_at_venue

COLUMNS_FILE = Path(home.__file__).resolve().parent / "data" / "opendata-event-columns.txt"
LOCAL_GOVERNMENT_CODE = "122246"  # 鎌ケ谷市 (総務省 全国地方公共団体コード)
PREFECTURE, CITY = "千葉県", "鎌ケ谷市"
BOM = "\ufeff"
FILENAME = "kamagaya-events.csv"
# 場所名称 and 住所 of an event held online only. 住所 is required and the standard describes it
# as the venue's address; an online event has none. The city's or the organiser's address would
# be geocoded as where the event happens and send people to an office where nothing is held, so
# both columns say オンライン, and 緯度 and 経度 stay empty: no map pin.
ONLINE = "オンライン"


def read_columns():
    """The standard's column headers in order; '#' lines are commentary."""
    lines = COLUMNS_FILE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


COLUMNS = read_columns()


def tokyo_day(moment):
    return f"{moment.astimezone(TOKYO):%Y-%m-%d}" if moment else ""


def tokyo_time(moment):
    return f"{moment.astimezone(TOKYO):%H:%M}" if moment else ""


def coordinate(value):
    """Decimal degrees without the database's padding: 35.7766, not 35.776600."""
    return "" if value is None else str(float(value))


def timing_note(number, count, session):
    """開始日時特記事項: which session of a course this row is, and 終日 when there is no time."""
    notes = [f"全{count}回の第{number}回"] if count > 1 else []
    if session.all_day:
        notes.append("終日")
    return "、".join(notes)


def organisers(event):
    names = [group.title for group in event.public_organisers]
    if event.organiser_text:
        names.append(event.organiser_text)
    return "、".join(names)


def status_note(event):
    """備考: 【中止】 or 【延期】 and the editors' note, so a cancelled row is never taken as on."""
    if event.status == EventStatus.SCHEDULED:
        return ""
    return SUMMARY_PREFIX[event.status] + event.status_note


def place(event):
    """場所名称, 住所, 緯度, 経度, アクセス方法: the venue's, or オンライン for an online event."""
    if not meets_at_venue(event):
        return {"場所名称": ONLINE, "住所": ONLINE}
    venue = event.venue
    return {
        "場所名称": place_name(event),
        "住所": venue.address,
        "緯度": coordinate(venue.latitude),
        "経度": coordinate(venue.longitude),
        "アクセス方法": venue.access,
    }


def session_row(event, number, count, session, url):
    """One row, by column name; columns the portal has no data for stay empty."""
    all_day = session.all_day
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        {
            "都道府県コード又は市区町村コード": LOCAL_GOVERNMENT_CODE,
            "都道府県名": PREFECTURE,
            "市区町村名": CITY,
            "イベント名": event.title,
            # The standard's カナ columns are full-width katakana; editors type hiragana.
            "イベント名_カナ": to_katakana(event.title_kana),
            "開始日": tokyo_day(session.starts_at),
            "終了日": tokyo_day(session.ends_at),
            "開始時間": "" if all_day else tokyo_time(session.starts_at),
            "終了時間": "" if all_day else tokyo_time(session.ends_at),
            "開始日時特記事項": timing_note(number, count, session),
            "説明": event.summary,
            "料金(基本)": str(event.fee),
            "料金(詳細)": event.fee_details,
            "連絡先名称": event.contact_name,
            "連絡先電話番号": event.contact_phone,
            "主催者": organisers(event),
            **place(event),
            "定員": "" if event.capacity is None else str(event.capacity),
            "参加申込終了日": tokyo_day(event.registration_deadline),
            "参加申込終了時間": tokyo_time(event.registration_deadline),
            "参加申込方法": " ".join(
                part for part in (event.registration_method, event.registration_url) if part
            ),
            "URL": url,
            "備考": status_note(event),
        }
    )
    return row


def opendata_csv(listing):
    """The file's text: BOM, header, one CRLF-terminated row per session, rows numbered from 1."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    number_in_file = 0
    for event in listing.events:
        url = listing.url_for(event)
        sessions = list(event.sessions.all())
        for number, session in enumerate(sessions, start=1):
            number_in_file += 1
            row = session_row(event, number, len(sessions), session, url)
            row["NO"] = str(number_in_file)
            writer.writerow(row)
    return out.getvalue()
