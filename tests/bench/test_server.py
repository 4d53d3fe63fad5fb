"""bench.server's account of an endpoint that answers with an error, as the report shows it."""

from bench.server import excerpt

ERROR_PAGE = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8">
  <title>ただいま一時的にご利用いただけません
    | かまがや協働ポータル</title>
</head><body>…</body></html>""".encode()


def test_an_error_page_is_named_by_its_title():
    assert excerpt(ERROR_PAGE) == "ただいま一時的にご利用いただけません | かまがや協働ポータル"


def test_any_other_answer_is_cut_to_its_first_200_characters_on_one_line():
    body = ('{"errors": [{"message": "The request took too long"}],\n' + "x" * 300).encode()

    assert excerpt(body) == ('{"errors": [{"message": "The request took too long"}], ' + "x" * 145)
