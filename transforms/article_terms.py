"""The names an article tells that few other texts would: what ties two reports of one incident.

A follow-up filed weeks after a shooting rarely tells the act's day, and often not the full name
of anyone the first reports named; it does tell the same surnames, street and business names
(`Munnings`, `Trocheck`, `Walgreens`). Two reports of different incidents in one town almost
never share three such words. A word counts here when the text capitalises it inside a sentence
(a name, not a sentence's first word), it is no place the article names (a town is what two
incidents in it share), and it is rare in English at large: its Zipf frequency in `wordfreq`'s
lists (a log scale: 3 is once per million words) is under `RARE_ZIPF`, so `Smith`, `Police` and
`Thomas` never count, `Munnings` does. The lists ship with the package and do not change with
what the warehouse holds, so a report reads the same terms whether it is loaded alone or with
the whole archive.
"""

from __future__ import annotations

import re
from functools import lru_cache

import polars as pl
from wordfreq import zipf_frequency

# Words rarer in English than this (Zipf frequency: 3.5 is about three per million words) can
# tell an incident apart; chosen with `cluster_links.TERMS_LEAST` on the tuning part of the GVA
# set: at 3.0 fewer reports tied, and two shared words instead of three spanned two incidents
# in 0.052 (at 3.0) and 0.070 (at 3.5) of the clusters, against 0.047.
RARE_ZIPF = 3.5
# A capitalised word of three letters or more that does not open a sentence or a quotation.
_NAME = re.compile(r"(?<![.!?\"“:]\s)(?<!^)(?<!\n)\b([A-Z][a-z]{2,})\b")
# Only the start of a long page tells its story; the rest is comments and other stories.
_READ_CHARS = 20_000

TERM_SCHEMA = {"article_id": pl.String, "term": pl.String}
_PLACE_KINDS = ("place", "country")


@lru_cache(maxsize=65_536)
def _rare(word: str) -> bool:
    # the `small` list holds the English words down to a Zipf frequency of 3 (about 29,000): all
    # that the test needs, at a tenth of the memory of the full list, with the same answers
    return zipf_frequency(word, "en", wordlist="small") < RARE_ZIPF


def name_terms(text: str, place_words: frozenset[str] = frozenset()) -> list[str]:
    """The article's rare names (see module), folded to lower case, sorted, each once."""
    found = {m.group(1).lower() for m in _NAME.finditer(text[:_READ_CHARS])}
    return sorted(w for w in found if w not in place_words and _rare(w))


def article_terms(articles: pl.DataFrame, mentions: pl.DataFrame, entities: pl.DataFrame) -> pl.DataFrame:
    """(article_id, term) for every article of `articles` (`article_id`, `text`): its rare
    names, less the words of the places and countries its `mentions` name (entity kinds from
    `entities`)."""
    if articles.height == 0 or "text" not in articles.columns:
        return pl.DataFrame(schema=TERM_SCHEMA)
    place_ids = entities.filter(pl.col("kind").is_in(_PLACE_KINDS)).select("entity_id")
    places: dict[str, set[str]] = {}
    if mentions.height and place_ids.height:
        for article_id, surface in mentions.join(place_ids, on="entity_id").select("article_id", "surface").iter_rows():
            places.setdefault(article_id, set()).update(re.findall(r"[a-z]+", surface.lower()))
    rows = [
        (article_id, term)
        for article_id, text in articles.select("article_id", "text").iter_rows()
        for term in name_terms(text or "", frozenset(places.get(article_id, ())))
    ]
    return pl.DataFrame(rows, schema=TERM_SCHEMA, orient="row")


def terms_of(events: pl.DataFrame, terms: pl.DataFrame) -> pl.DataFrame:
    """event_id -> its article's rare names (`terms`, sorted); events of articles with none get
    an empty list."""
    per_article = terms.group_by("article_id").agg(pl.col("term").unique().sort().alias("terms"))
    return (
        events.select("event_id", "article_id")
        .join(per_article, on="article_id", how="left")
        .select("event_id", pl.col("terms").fill_null(pl.lit([], dtype=pl.List(pl.String))))
    )
