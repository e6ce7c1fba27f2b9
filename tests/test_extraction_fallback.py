"""When trafilatura's precision mode keeps nothing of a page that has an article, recall mode
and then the baseline are tried before the page is rejected; `articles.extracted_by` says
which gave the text."""

from __future__ import annotations

import pytest

from flows.pipeline import run_pipeline
from tests.conftest import read_table
from transforms.errors import InputRejected
from transforms.extract import extract_html

SENTENCE = (
    "delegations from both governments met in the capital on Tuesday to discuss a ceasefire and the "
    "return of prisoners, officials said after the talks ended late in the evening."
)
PARAS = "".join(f"<p>Paragraph {i}: {SENTENCE}</p>" for i in range(5))
# A blog template: the post is a script template, its readable copy in <noscript>.
IN_NOSCRIPT = (
    "<html><head><title>Talks resume</title><meta name='date' content='2024-05-02'></head><body>"
    f"<div class='post-body'><script type='text/template'>{PARAS}</script><noscript>{PARAS}</noscript></div>"
    "</body></html>"
)
# Bare <div>s under a container named like comments: only the baseline reads it.
IN_BARE_DIVS = (
    "<html><head><title>Talks resume</title></head><body><div class='comments-area'>"
    + "".join(f"<div>Part {i}: {SENTENCE}</div>" for i in range(6))
    + "</div></body></html>"
)
ORDINARY = f"<html><head><title>Talks resume</title></head><body><article><h1>Talks</h1>{PARAS}</article></body></html>"


def test_precision_mode_first():
    got = extract_html(ORDINARY, "https://example.org/a")
    assert got.extracted_by == "precision" and "Paragraph 4" in got.text


def test_recall_mode_rescues_what_precision_mode_drops():
    with pytest.raises(InputRejected):
        extract_html(IN_NOSCRIPT, "https://example.org/a", too_little=0)  # precision mode alone
    got = extract_html(IN_NOSCRIPT, "https://example.org/a")
    assert got.extracted_by == "recall" and "Paragraph 4" in got.text
    assert got.title == "Talks resume" and got.published_at is not None and got.published_at.year == 2024


def test_the_baseline_is_the_last_try_and_an_empty_page_is_still_rejected():
    got = extract_html(IN_BARE_DIVS, "https://example.org/a")
    assert got.extracted_by == "baseline" and "Part 5" in got.text and got.title == "Talks resume"
    with pytest.raises(InputRejected) as err:
        extract_html("<html><body><nav><a href='/'>Home</a></nav></body></html>", "https://example.org/a")
    assert err.value.reason == "no_text"


def test_extracted_by_is_stored(tmp_path, db_path, prefect_api_url, monkeypatch):
    monkeypatch.setenv("EVENTWIRE_PUBLISH", "0")
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "ordinary.html").write_text(ORDINARY, encoding="utf-8")
    (folder / "noscript.html").write_text(IN_NOSCRIPT, encoding="utf-8")
    (folder / "note.txt").write_text(f"Talks resume\n{SENTENCE}\n", encoding="utf-8")
    summary = run_pipeline(inputs=[str(folder)], db=str(db_path), workers=1)
    assert summary["new"] == 3 and summary["rejected"] == 0
    rows = read_table(db_path, "SELECT locator, extracted_by FROM articles ORDER BY locator")
    assert {loc.rsplit("/", 1)[-1]: by for loc, by in rows.iter_rows()} == {
        "noscript.html": "recall",
        "note.txt": "text",
        "ordinary.html": "precision",
    }
