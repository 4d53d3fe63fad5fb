"""Readings as full-width katakana, the form the open-data standards ask for in their カナ columns.

Editors type readings in hiragana (the admin asks for ふりがな), so おやこでまなぶ becomes
オヤコデマナブ. Everything that is not kana stays as it is: the long vowel mark ー (already
katakana), spaces, digits and latin letters. Half-width katakana (ｶﾏｶﾞﾔ) becomes full-width
(カマガヤ), its voiced marks joined to the letter before them.
"""

import re
import unicodedata

# ぁ (U+3041) … ゖ (U+3096) and the iteration marks ゝ ゞ sit exactly 0x60 below their katakana.
HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in [*range(0x3041, 0x3097), 0x309D, 0x309E]}
# U+FF61–U+FF9F: half-width katakana and punctuation, ﾞ and ﾟ included.
HALF_WIDTH_KATAKANA = re.compile("[\uff61-\uff9f]+")


def full_width(match):
    """A run of half-width katakana, NFKC-normalised so that ｶﾞ becomes one letter, ガ."""
    return unicodedata.normalize("NFKC", match.group())


def to_katakana(text):
    """Hiragana and half-width katakana as full-width katakana; every other character kept."""
    return HALF_WIDTH_KATAKANA.sub(full_width, text).translate(HIRAGANA_TO_KATAKANA)
