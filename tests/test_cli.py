"""The `eventwire` command as a user types it: run, query in three formats, clear errors."""

from __future__ import annotations

import csv
import io
import json
import os
import stat

import pytest

from tests.conftest import ROOT, SEED_ARTICLES, cli


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, prefect_api_url):
    db = tmp_path_factory.mktemp("cli") / "wh.duckdb"
    result = cli(["run", str(SEED_ARTICLES), "--db", str(db)], api_url=prefect_api_url)
    assert result.returncode == 0, result.stderr
    assert "articles seen" in result.stdout and "events loaded" in result.stdout
    return db


def test_run_in_local_mode_without_a_server(tmp_path):
    """The quick start: no Prefect server configured, Prefect runs its own temporary one."""
    env = {"EVENTWIRE_DB": str(tmp_path / "local.duckdb")}
    result = cli(["run", str(SEED_ARTICLES / "000_feacc157ecb0f4a7.html")], api_url=None, env=env)
    assert result.returncode == 0, result.stderr
    assert "new 1" in result.stdout
    assert (tmp_path / "local.duckdb").exists()


def test_query_table(warehouse):
    result = cli(
        [
            "query",
            "SELECT title, published_from FROM articles ORDER BY title LIMIT 3",
            "--db",
            str(warehouse),
        ],
        api_url=None,
    )
    assert result.returncode == 0, result.stderr
    assert "title" in result.stdout and "3 rows" in result.stdout


def test_query_from_a_file(warehouse):
    query = ROOT / "sql" / "queries" / "who_accuses_whom.sql"
    result = cli(["query", "--file", str(query), "--db", str(warehouse), "--format", "json"], api_url=None)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and {"accuser", "accused", "n_events"} <= set(rows[0])
    both = cli(["query", "SELECT 1", "--file", str(query), "--db", str(warehouse)], api_url=None)
    assert both.returncode == 2 and "not both" in both.stderr


def test_query_csv(warehouse):
    result = cli(
        [
            "query",
            "SELECT event_type, count(*) AS n FROM events GROUP BY 1 ORDER BY 1",
            "--db",
            str(warehouse),
            "--format",
            "csv",
        ],
        api_url=None,
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and set(rows[0]) == {"event_type", "n"} and all(int(r["n"]) > 0 for r in rows)


def test_query_json(warehouse):
    result = cli(
        [
            "query",
            "SELECT article_id, published_at FROM articles WHERE published_at IS NOT NULL",
            "--db",
            str(warehouse),
            "--format",
            "json",
        ],
        api_url=None,
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and {"article_id", "published_at"} == set(rows[0])


def test_query_error_is_one_line(warehouse):
    result = cli(["query", "SELECT nope FROM articles", "--db", str(warehouse)], api_url=None)
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0 and "eventwire: error:" in result.stderr


def test_query_without_warehouse(tmp_path):
    result = cli(["query", "SELECT 1", "--db", str(tmp_path / "none.duckdb")], api_url=None)
    assert result.returncode != 0 and "run `eventwire run` first" in result.stderr


def test_unwritable_db_path_fails_fast_with_one_line(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        target = locked / "sub" / "wh.duckdb"
        if os.access(locked, os.W_OK):  # root ignores permissions: use a path under a file instead
            (tmp_path / "afile").write_text("x")
            target = tmp_path / "afile" / "wh.duckdb"
        result = cli(["run", str(SEED_ARTICLES), "--db", str(target)], api_url=None)
    finally:
        locked.chmod(stat.S_IRWXU)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("eventwire: error:") and "wh.duckdb" in lines[0]


def test_bad_arguments_exit_non_zero(tmp_path):
    result = cli(["run", "--batch-size", "0", "--db", str(tmp_path / "x.duckdb")], api_url=None)
    assert result.returncode == 2 and "batch-size" in result.stderr
    result = cli(["run", "--no-such-flag"], api_url=None)
    assert result.returncode != 0


def test_help_explains_each_command():
    for args in (["--help"], ["run", "--help"], ["query", "--help"]):
        result = cli(args, api_url=None)
        assert result.returncode == 0 and "Usage" in result.stdout


def test_run_with_rejected_inputs_still_exits_zero(tmp_path, prefect_api_url):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.html").write_bytes((SEED_ARTICLES / "000_feacc157ecb0f4a7.html").read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    result = cli(["run", str(folder), "--db", str(tmp_path / "wh.duckdb"), "--json"], api_url=prefect_api_url)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["new"], summary["rejected"]) == (1, 1)
    assert summary["rejects_by_reason"] == {"read/empty": 1}


def test_eval_events_prints_json_and_refuses_other_files(tmp_path):
    snippets = tmp_path / "case.tsv"
    snippets.write_text(
        "id\tEventSnippet\tSubType\n1\tRebels attacked an army base, killing three soldiers.\tARMED_CLASH\n",
        encoding="utf-8",
    )
    result = cli(["eval", "events", str(snippets), "--format", "json"], api_url=None)
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    assert scores["dataset"] == "case2021" and sum(p["snippets"] for p in scores["parts"].values()) == 1
    other = tmp_path / "other.txt"
    other.write_text("hello\n", encoding="utf-8")
    result = cli(["eval", "events", str(other)], api_url=None)
    assert result.returncode == 2 and result.stderr.strip().startswith("eventwire: error:")


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_query_table_fits_the_terminal(warehouse, columns):
    """Long cells are cut to the terminal's width, short columns kept whole."""
    sql = "SELECT event_id, event_type, evidence FROM events ORDER BY event_id LIMIT 5"
    result = cli(["query", sql, "--db", str(warehouse)], api_url=None, env={"COLUMNS": str(columns)})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= columns
    assert "event_type" in result.stdout and "…" in result.stdout  # the evidence was cut, the header not
    rows = [line.split("│") for line in lines if line.startswith("│")]
    assert len(rows) == 5 and all(r[2].strip().isalpha() and r[2].strip().isupper() for r in rows)  # types whole


def test_a_wide_result_turns_into_records_and_records_wrap(warehouse):
    result = cli(
        ["query", "SELECT * FROM v_events LIMIT 2", "--db", str(warehouse)], api_url=None, env={"COLUMNS": "80"}
    )
    assert result.returncode == 0, result.stderr
    assert "one record per block" in result.stdout and "-[ record 2 ]" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    asked = cli(
        ["query", "SELECT event_type, evidence FROM events LIMIT 1", "--db", str(warehouse), "--format", "records"],
        api_url=None,
        env={"COLUMNS": "40"},
    )
    lines = asked.stdout.splitlines()
    assert lines[0].startswith("-[ record 1 ]") and lines[1].startswith("event_type | ")
    assert max(len(line) for line in lines) <= 40
    evidence = [line.split(" | ", 1)[1] for line in lines[2:-1]]  # the evidence, wrapped over lines
    assert len(evidence) > 1


def test_query_markdown(warehouse):
    sql = "SELECT event_type, count(*) AS n FROM events GROUP BY 1 ORDER BY 2 DESC, 1"
    result = cli(["query", sql, "--db", str(warehouse), "--format", "md"], api_url=None)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "| event_type | n |" and lines[1] == "|---|---|"
    assert all(line.startswith("| ") and line.endswith(" |") for line in lines[2:-1])
