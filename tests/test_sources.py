"""Discovery of inputs: folders, globs, list files, URLs; what cannot be read is a reject."""

from __future__ import annotations

from datetime import datetime

from flows.sources import discover

NOW = datetime(2024, 1, 1)


def _touch(path, text="x"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_folder_glob_list_and_url(tmp_path):
    a = _touch(tmp_path / "news" / "a.html")
    b = _touch(tmp_path / "news" / "sub" / "b.txt")
    _touch(tmp_path / "news" / "notes.md")  # not an article type: ignored inside a folder
    c = _touch(tmp_path / "other" / "c.htm")
    listing = _touch(tmp_path / "in.list", "# comment\n\nother/c.htm\nhttps://example.com/story?utm_source=x\n")
    items, rejects = discover(
        [str(tmp_path / "news"), str(tmp_path / "other" / "*.htm"), str(listing)], run_id="r", now=NOW
    )
    assert rejects == []
    by_locator = {i.locator: i for i in items}
    assert set(by_locator) == {str(a), str(b), str(c), "https://example.com/story?utm_source=x"}
    assert by_locator[str(b)].kind == "txt" and by_locator[str(a)].kind == "html"
    assert by_locator["https://example.com/story?utm_source=x"].url == "https://example.com/story"


def test_same_input_named_twice_is_read_once(tmp_path):
    a = _touch(tmp_path / "a.html")
    items, _ = discover([str(a), str(tmp_path), str(tmp_path / "*.html")], run_id="r", now=NOW)
    assert len(items) == 1


def test_missing_and_unsupported_inputs_are_rejected(tmp_path):
    pdf = _touch(tmp_path / "report.pdf")
    items, rejects = discover([str(tmp_path / "nope"), str(pdf), str(tmp_path / "*.xml")], run_id="r", now=NOW)
    assert items == []
    got = sorted((r["stage"], r["reason"]) for r in rejects)
    assert got == [("discover", "not_found"), ("discover", "not_found"), ("discover", "unsupported_type")]
