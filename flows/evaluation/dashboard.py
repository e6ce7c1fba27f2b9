"""What a dashboard would show for a set of analysed texts: the warehouse's own views, queried.

The harnesses score the aggregates a BI user consumes, not a figure of their own making: the
events and actors `analyse` returns are written into an in-memory warehouse (the real
migrations), the real views are created over them, and the report's totals and the clusters
are read back with the real SQL. A change of counting rule in `sql/views` shows here at once.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import polars as pl

from flows.settings import SQL_DIR
from flows.warehouse import Warehouse
from transforms.article_terms import TERM_SCHEMA

_ARTICLE_COLUMNS = {
    "article_id": pl.String,
    "published_at": pl.Datetime("us"),
    "source_domain": pl.String,
}


def _articles_frame(article_ids: list[str], published: list[datetime | None], domains: list[str]) -> pl.DataFrame:
    return pl.DataFrame(
        {"article_id": article_ids, "published_at": published, "source_domain": domains}, schema=_ARTICLE_COLUMNS
    )


class Dashboard:
    """An in-memory warehouse holding the given events, with every view of `sql/views`."""

    def __init__(
        self,
        events: pl.DataFrame,
        actors: pl.DataFrame,
        article_ids: list[str],
        published: list[datetime | None],
        domains: list[str] | None = None,
        min_confidence: float | None = None,
    ) -> None:
        self.warehouse = Warehouse.open(Path(":memory:"), min_confidence=min_confidence)
        con = self.warehouse.con
        articles = _articles_frame(article_ids, published, domains or [f"site{i}" for i in range(len(article_ids))])
        con.register("d_articles", articles)
        con.execute(
            """INSERT INTO articles BY NAME
               SELECT article_id, 'eval:' || article_id AS url, 'eval:' || article_id AS canonical_url,
                      source_domain, published_at, 'none' AS published_from, now() AS fetched_at,
                      'en' AS language, '' AS text, article_id AS content_hash, article_id AS raw_hash,
                      'eval' AS extractor_version, 'done' AS nlp_status, 'eval' AS run_id,
                      article_id AS locator
               FROM d_articles"""
        )
        con.unregister("d_articles")
        self._insert_events(events, actors)

    def _insert_events(self, events: pl.DataFrame, actors: pl.DataFrame, skip: tuple[str, ...] = ()) -> None:
        """Store the events (those of their columns the warehouse has, less `skip`) and their actors."""
        con = self.warehouse.con
        columns = [c for c in self.warehouse.columns("events") if c in events.columns and c not in skip]
        actor_columns = [c for c in self.warehouse.columns("event_actors") if c in actors.columns]
        con.register("d_events", events.select(columns))
        con.register("d_actors", actors.select(actor_columns).unique(["event_id", "role", "actor_idx"]))
        try:
            con.execute(f"INSERT INTO events BY NAME SELECT {', '.join(columns)} FROM d_events")
            con.execute(f"INSERT INTO event_actors BY NAME SELECT {', '.join(actor_columns)} FROM d_actors")
        finally:
            for name in ("d_events", "d_actors"):
                con.unregister(name)

    def load_night(self, events: pl.DataFrame, actors: pl.DataFrame) -> None:
        """Add one night's events (and their actors) and recluster what they can change with the
        writer's own SQL, as a nightly run does (the events' own cluster ids are not stored)."""
        con = self.warehouse.con
        night_actors = actors.filter(pl.col("event_id").is_in(events["event_id"].implode()))
        self._insert_events(events, night_actors, ("cluster_id",))
        # a night holds whole articles: the people its events name are among its own actors
        con.register("n_people", _people_entities(events, night_actors))
        try:
            con.execute(
                "INSERT INTO entities BY NAME SELECT * FROM n_people"
                " WHERE entity_id NOT IN (SELECT entity_id FROM entities)"
            )
        finally:
            con.unregister("n_people")
        # and its articles' rare names, as the pipeline's loader stores them
        con.register("n_terms", _article_terms(events))
        try:
            con.execute("INSERT INTO article_terms BY NAME SELECT * FROM n_terms")
        finally:
            con.unregister("n_terms")
        self.warehouse.recluster(events)

    def query(self, sql: str) -> pl.DataFrame:
        return self.warehouse.query(sql)

    def report_totals(self) -> dict:
        """The report's opening line (`sql/report/totals.sql`): events, real-world events, casualties."""
        return self.query((SQL_DIR / "report" / "totals.sql").read_text(encoding="utf-8")).row(0, named=True)

    def close(self) -> None:
        self.warehouse.close()


def _article_terms(events: pl.DataFrame) -> pl.DataFrame:
    """(article_id, term) from the events' `terms` (each article's rare names)."""
    if "terms" not in events.columns:
        return pl.DataFrame(schema=TERM_SCHEMA)
    return (
        events.select("article_id", pl.col("terms").alias("term"))
        .explode("term")
        .drop_nulls("term")
        .unique()
        .cast(TERM_SCHEMA)
    )


def _people_entities(events: pl.DataFrame, actors: pl.DataFrame) -> pl.DataFrame:
    """The person entities the events' `people` name (`transforms.clusters.people_of` chose
    them: full names, no sector), named by a text an actor gave them, for the writer's SQL."""
    schema = {"entity_id": pl.String, "name": pl.String, "kind": pl.String}
    if "people" not in events.columns:
        return pl.DataFrame(schema=schema)
    ids = events.select(pl.col("people").explode().drop_nulls().unique().alias("entity_id"))
    names = (
        actors.filter(pl.col("text").str.contains(" ")).group_by("entity_id").agg(pl.col("text").first().alias("name"))
    )
    return (
        ids.join(names, on="entity_id", how="left")
        .select("entity_id", pl.col("name").fill_null("a person named in full"), pl.lit("person").alias("kind"))
        .cast(schema)
    )


def nightly_clusters(
    events: pl.DataFrame, actors: pl.DataFrame, article_ids: list[str], published: list[datetime | None]
) -> pl.DataFrame:
    """event_id -> cluster_id as a warehouse loaded night by night gives them: each publication
    day's events (undated articles last) are stored and reclustered by the writer's SQL, which
    sees only what the candidate window reaches, as a nightly run does."""
    night_of = dict(zip(article_ids, published, strict=True))
    board = Dashboard(events.clear(), actors.clear(), article_ids, published)
    try:
        nights = events.with_columns(
            pl.col("article_id").replace_strict(night_of, default=None, return_dtype=pl.Datetime("us")).alias("_night")
        ).partition_by("_night", as_dict=True)
        for key in sorted(nights, key=lambda k: (k[0] is None, k[0] or datetime.min)):
            board.load_night(nights[key].drop("_night"), actors)
        return board.query("SELECT event_id, cluster_id FROM events")
    finally:
        board.close()


def counted_marks(events: pl.DataFrame, min_confidence: float | None = None) -> dict[str, bool]:
    """event_id -> `by_cluster` for the events the views count (`v_counted_events`), under the
    floor given (None: the setting): the harnesses that score single events ask the warehouse
    which ones count. `by_cluster` is True where a row counts only as a mention of a real-world
    event a confident report established, and gives no count."""
    if events.height == 0:
        return {}
    ids = sorted(set(events["article_id"].to_list()))
    actors = pl.DataFrame(schema={"event_id": pl.String, "role": pl.String, "text": pl.String, "actor_idx": pl.Int32})
    board = Dashboard(events, actors, ids, [None] * len(ids), min_confidence=min_confidence)
    try:
        return dict(board.query("SELECT event_id, by_cluster FROM v_counted_events").iter_rows())
    finally:
        board.close()
