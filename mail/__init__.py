"""E-mail the portal sends: Reply-To on every message, a readable development console, and Wagtail's
workflow notifications with what a Japanese clerk needs (who, the reviewer's comment)."""
