"""Language identification that does not drop English articles on short or odd texts, and the
run summary counting the articles left out of the NLP."""

from __future__ import annotations

import pytest

from flows.pipeline import run_pipeline
from transforms.extract import extract_html
from transforms.language import identify, primary_tag

QUOTING_PIDGIN = (
    'Residents of Lagos said on Monday: "Wetin dey happen, na so e be, dem don talk say the road go open." '
    "Police said the road would reopen."
)
FRENCH = (
    "Le président a déclaré lundi que les négociations se poursuivraient la semaine prochaine après une pause "
    "de plusieurs mois, selon des responsables du ministère des affaires étrangères. "
) * 4


def _page(text: str, lang: str | None) -> str:
    attr = f" lang='{lang}'" if lang else ""
    body = f"<body><article><h1>Talks</h1><p>{text}</p></article></body>"
    return f"<html{attr}><head><title>Talks</title></head>{body}</html>"


def test_the_text_alone_reads_pidgin_but_the_page_says_english():
    assert identify(QUOTING_PIDGIN) == "pcm"  # what the detector alone says (the case)
    assert identify(QUOTING_PIDGIN, "en-NG") == "en"
    assert extract_html(_page(QUOTING_PIDGIN, "en-NG"), "https://example.ng/a").language == "en"


def test_a_doubt_without_a_declaration_goes_to_a_language_we_analyse():
    odd = "Governor say dem go pay workers Monday, officials said."
    assert identify(odd) == "en"
    assert identify("Oga, the man wey dey come, na him we dey wait.") == "pcm"  # sure: stays


def test_a_long_text_sure_of_another_language_overrules_a_blanket_declaration():
    assert identify(FRENCH, "en") == "fr"
    assert identify(FRENCH[:150], "en") == "en"  # too short to overrule the page
    assert extract_html(_page(FRENCH, "en"), "https://example.fr/a").language == "fr"


@pytest.mark.parametrize(
    ("value", "tag"), [("en-GB", "en"), (" EN_us ", "en"), ("fr", "fr"), ("", None), ("x!", None), (None, None)]
)
def test_primary_tags(value, tag):
    assert primary_tag(value) == tag


def test_the_summary_counts_articles_left_out_of_the_nlp(tmp_path, db_path, prefect_api_url, monkeypatch):
    monkeypatch.setenv("EVENTWIRE_PUBLISH", "0")
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "fr1.html").write_text(_page(FRENCH, "fr"), encoding="utf-8")
    (folder / "fr2.html").write_text(_page(FRENCH, None), encoding="utf-8")
    (folder / "ng.html").write_text(_page(QUOTING_PIDGIN, "en"), encoding="utf-8")
    summary = run_pipeline(inputs=[str(folder)], db=str(db_path), workers=1)
    assert summary["new"] == 3
    assert summary["not_analysed"] == {"fr": 2}
