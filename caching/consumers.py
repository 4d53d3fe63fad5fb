"""Which class of consumer a request comes from, as the response cache keys it.

Everyone reads the same public content today; keying by class keeps that a decision rather than
an accident if partners or screens are ever given more (the partner middleware sets
`request.partner` after checking the key).
"""

from cms.channel_names import SCREEN_HEADER


def consumer_class(request):
    if getattr(request, "partner", None) is not None:
        return "partner"
    if request.headers.get(SCREEN_HEADER):
        return "signage"
    return "public"
