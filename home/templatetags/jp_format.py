"""Japanese date and price formatting (jp.formatting) as template filters."""

from django import template

from jp import formatting

register = template.Library()

for name in ("jp_date", "jp_datetime", "session_span", "yen"):
    register.filter(name, getattr(formatting, name))
