"""Readings in full-width katakana for the open-data カナ columns."""

import pytest

from jp.kana import to_katakana


@pytest.mark.parametrize(
    ("reading", "katakana"),
    [
        ("おやこでまなぶぼうさいこうざ", "オヤコデマナブボウサイコウザ"),
        # Small kana, ゔ and the long vowel mark; the middle dot and spaces stay where they are.
        ("ゔぁいおりん・こんさーと", "ヴァイオリン・コンサート"),
        ("かまがや ふぇすてぃばる　２０２７", "カマガヤ フェスティバル　２０２７"),
        ("ゕゖ", "ヵヶ"),
        ("いすゞ ゝ", "イスヾ ヽ"),
        # Already katakana, or not kana at all: unchanged.
        ("カマガヤ・ポータル", "カマガヤ・ポータル"),
        ("NPO ほうじん", "NPO ホウジン"),
        ("", ""),
        # Half-width katakana becomes full-width, each voiced mark joined to its letter.
        ("ｶﾏｶﾞﾔ ﾎﾟｰﾀﾙ｡", "カマガヤ ポータル。"),
    ],
)
def test_readings_become_full_width_katakana(reading, katakana):
    assert to_katakana(reading) == katakana


def test_every_hiragana_letter_has_its_katakana():
    hiragana = "".join(chr(code) for code in range(0x3041, 0x3097))
    katakana = "".join(chr(code) for code in range(0x30A1, 0x30F7))
    assert to_katakana(hiragana) == katakana
    assert katakana.startswith("ァアィイ") and katakana.endswith("ヴヵヶ")
