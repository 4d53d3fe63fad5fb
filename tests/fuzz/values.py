"""Hostile values shared by the GraphQL and the URL fuzzers: the inputs that break servers.

None of them contains a marker the response checks look for (properties.LEAK_MARKERS), so an
error message that repeats the input back is not mistaken for a leak.
"""

from hypothesis import strategies as st

HUGE_TEXT = "防" * 100_000
HOSTILE_TEXTS = (
    "",
    " ",
    "\x00",
    "sample\x00event",
    "\ud800",
    "a\udfffb",
    "１２３",
    "２０２６-１２-０５",
    "\u202eevents\u202c",
    "\u200f\u200e",
    "🎉👨‍👩‍👧‍👦",
    "\ufeff",
    "\r\n\t",
    "../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "' OR 1=1 --",
    '"; DROP TABLE x; --',
    "<script>alert(1)</script>",
    "%00",
    "%ED%A0%80",
    "${jndi:ldap://x}",
    "{{ 7*7 }}",
    "a" * 300,
    "防災" * 101,
    HUGE_TEXT,
)
INVALID_DATES = (
    "2026-02-30",
    "2026-13-01",
    "2026-00-10",
    "9999-12-31T99:99",
    "9999-12-31",
    "0001-01-01",
    "0000-01-01",
    "2026-12-05T14:00:00+09:00",
    "20261205",
    "2026-W49-6",
    "today",
    "２０２６-１２-０５",
    "-2026-01-01",
    "99999-01-01",
)
EXTREME_INTEGERS = (
    0,
    -1,
    1,
    22,
    23,
    100,
    101,
    2**31 - 1,
    2**31,
    -(2**31),
    -(2**31) - 1,
    2**53,
    2**63,
    10**30,
    -(10**30),
)
INTEGER_LOOKALIKES = ("1", "１２３", "-0", "1e3", "0x10", "NaN", "Infinity", " 7 ")


# Strategies are built once: building one (an alphabet above all) costs more than drawing from it.
HOSTILE_TEXT = st.one_of(
    st.sampled_from(HOSTILE_TEXTS),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=12),
)
INTEGERS = st.one_of(st.sampled_from(EXTREME_INTEGERS), st.integers(-50, 200))
# JSON values of the wrong type for any field: numbers, booleans, lists and objects.
WRONG_JSON_TYPES = st.one_of(
    st.sampled_from(INTEGER_LOOKALIKES),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.just([]),
    st.just({}),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
