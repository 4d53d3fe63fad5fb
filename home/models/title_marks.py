"""Marks the site puts before a title (【緊急】, 【中止】…) are never typed into the title itself.

The site, the feeds and the signage add the mark from the page's 重要度 or 開催状況; a typed mark
would show twice, and would stay after the status changes back.
"""

import re

# 【…】 or [...] at the very start, full- or half-width, with what editors type inside.
LEADING_MARK = re.compile(r"^\s*[【\[［〔(（]\s*(?P<word>[^】\]］〕)）]{1,6})\s*[】\]］〕)）]")


def typed_mark_error(title, marks, chosen_by):
    """A Japanese message when `title` starts with one of `marks`, else None.

    `marks` are the words the site adds itself (緊急, 重要, …); `chosen_by` names the field that
    adds them, so the message tells the editor where to choose it instead.
    """
    match = LEADING_MARK.match(title or "")
    if match is None or match.group("word") not in marks:
        return None
    return (
        f"タイトルの先頭の「{match.group(0).strip()}」は消してください。"
        f"「{chosen_by}」で選ぶと、サイト・フィード・案内画面に自動で付きます。"
    )
