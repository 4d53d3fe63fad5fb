"""Finds English a person would meet on a screen of the admin: visible text, and the words
screen readers and tooltips give (placeholders, aria-labels, titles, alt texts, button values).

Latin words are allowed only where a Japanese editor expects them: the names in ALLOWED_WORDS,
URLs, e-mail addresses, file names, slugs, a two-factor secret, and whatever the caller passes as `allowed` (what the
test typed, usernames and titles from the data).
"""

import re

ALLOWED_WORDS = frozenset(
    {"GraphQL", "API", "URL", "ICS", "CSV", "RSS", "JSON"}
    # Acronyms Japanese uses as they are.
    | {"NPO", "SNS", "PTA"}
    # File formats and sizes, as upload limits name them.
    | {"AVIF", "GIF", "JPG", "JPEG", "PNG", "WEBP", "PDF", "DOCX", "ODT", "PPTX", "XLSX", "TXT"}
    | {"KB", "MB", "GB"}
    # Keys, as keyboards print them.
    | {"Ctrl", "Shift", "Alt", "Enter", "Esc", "Tab", "Cmd"}
    # QRコード, and the authenticator apps staff install by these names (two-factor sign-in).
    | {"QR", "Google", "Microsoft", "Authenticator"}
)
URL = re.compile(r"(?:https?://|www\.)\S+|\b(?:[\w-]+\.)+(?:jp|com|org|net)(?:/\S*)?")
EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
FILE_NAME = re.compile(
    r"[\w.-]+\.(?:avif|gif|jpe?g|png|webp|svg|csv|docx|odt|pdf|pptx|txt|xlsx)\b", re.IGNORECASE
)
# What editors type into slug fields, and the model names Wagtail's page-type report shows.
# A two-factor secret for typing by hand: base32 in groups of four.
TOTP_SECRET = re.compile(r"\b(?:[A-Z2-7]{4} ){3,}[A-Z2-7]{1,4}\b")
IDENTIFIER = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+)+\b|\bhome\.[a-z]+\b")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")

# Runs in the page. A string counts when its element is rendered (not display: none, not
# visibility: hidden), including text clipped for screen readers only; an <option> counts when
# its <select> does, as opening the list shows it. Frames (the preview) are other documents.
COLLECT_STRINGS = """
() => {
    const shown = (element) => element.checkVisibility({visibilityProperty: true});
    const strings = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.nodeValue.trim();
        const element = node.parentElement;
        if (!text || !element || element.closest("script, style, noscript, template")) continue;
        const owner = element.closest("option") ? element.closest("select") : element;
        if (owner && shown(owner)) strings.push(text);
    }
    const attributes = ["placeholder", "aria-label", "title", "alt", "data-w-tooltip-content-value"];
    for (const element of document.body.querySelectorAll("*")) {
        if (!shown(element)) continue;
        for (const name of attributes) {
            const value = (element.getAttribute(name) || "").trim();
            if (value) strings.push(value);
        }
        if (element.matches("input[type=submit], input[type=button], input[type=reset]")) {
            strings.push(element.value.trim());
        }
    }
    return strings;
}
"""


def english_words(text, allowed=()):
    """The Latin words in `text` that are not allowed there."""
    for allowed_text in sorted(allowed, key=len, reverse=True):
        text = text.replace(allowed_text, " ")
    # Addresses before URLs: the URL pattern would take the domain and leave the mailbox name.
    for pattern in (EMAIL_ADDRESS, URL, FILE_NAME, TOTP_SECRET, IDENTIFIER):
        text = pattern.sub(" ", text)
    return [word for word in LATIN_WORD.findall(text) if word not in ALLOWED_WORDS]


def visible_english(page, allowed=()):
    """Every string on the page a person would read as English, once each, in page order."""
    found = []
    for text in page.evaluate(COLLECT_STRINGS):
        if text not in found and english_words(text, allowed):
            found.append(text)
    return found


def assert_japanese(page, screen_name, allowed=()):
    english = visible_english(page, allowed)
    assert not english, f"English on {screen_name}: {english}"
