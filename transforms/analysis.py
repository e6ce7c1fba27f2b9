"""The NLP seam: articles in, sentences, mentions, entities, events and actors out.

Each stage is its own module (`sentences`, `entities`, `events`); this one only chains them
and decides which articles they run on. English articles are analysed; others are stored
with `nlp_status` saying why they were not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from transforms.actor_reading import read_actors, read_mentions
from transforms.article_terms import article_terms
from transforms.clusters import with_clusters
from transforms.entities import entities_of, find_mentions
from transforms.event_participants import home_countries
from transforms.event_verbs import worth_parsing
from transforms.events import EventRules, code_events
from transforms.language import ANALYSED_LANGUAGES
from transforms.lexicon import Lexicon
from transforms.ner import entity_spans
from transforms.sentences import split_sentences
from transforms.syntax import Parse, parse_sentences


@dataclass(frozen=True)
class Analysis:
    articles: pl.DataFrame  # the input plus `nlp_status`
    sentences: pl.DataFrame
    mentions: pl.DataFrame
    entities: pl.DataFrame
    events: pl.DataFrame
    event_actors: pl.DataFrame
    terms: pl.DataFrame  # (article_id, term): each article's rare names (`article_terms`)


# `nlp_status` of an article left out of the NLP for its language: this, then the code.
SKIPPED_LANGUAGE = "skipped:language="


def nlp_status_expr() -> pl.Expr:
    """`done` for languages we analyse, else `skipped:language=<code>`."""
    lang = pl.col("language").fill_null("unknown")
    return (
        pl.when(lang.is_in(list(ANALYSED_LANGUAGES)))
        .then(pl.lit("done"))
        .otherwise(pl.lit(SKIPPED_LANGUAGE) + lang)
        .alias("nlp_status")
    )


def parse_trigger_sentences(
    sentences: pl.DataFrame, rules: EventRules, parser: Any
) -> dict[tuple[str, int], Parse | None]:
    """The parse of each sentence that holds a trigger or a CAMEO verb phrase that may fit
    (`event_verbs.worth_parsing`), keyed by (article_id, sent_idx): the only sentences the
    event coder reads syntax from."""
    keyed = [
        ((a, i), s)
        for a, i, s in sentences.select("article_id", "sent_idx", "sentence").iter_rows()
        if worth_parsing(rules, s)
    ]
    return dict(zip((k for k, _ in keyed), parse_sentences([s for _, s in keyed], parser), strict=True))


def analyse(
    articles: pl.DataFrame, lexicon: Lexicon, rules: EventRules, nlp: Any | None = None, parser: Any | None = None
) -> Analysis:
    """Run sentence splitting, entity recognition and event coding over a batch.

    `nlp` is a loaded spaCy pipeline for named-entity spans; without it the dictionary and
    capitalisation rules find names on their own. `parser` is a spaCy pipeline with a
    dependency parser: it reads the sentences that hold a trigger, and event actors then come
    from syntax; without it they come from word order."""
    articles = articles.with_columns(nlp_status_expr())
    todo = articles.filter(pl.col("nlp_status") == "done")
    sentences = split_sentences(todo)
    spans = None
    if nlp is not None:
        ids, texts = todo["article_id"].to_list(), todo["text"].to_list()
        spans = dict(zip(ids, entity_spans(texts, nlp), strict=True))
    mentions = find_mentions(todo, sentences, lexicon, spans, reporting=rules.reporting)
    published: dict[str, date | None] = {
        a: (p.date() if p is not None else None) for a, p in todo.select("article_id", "published_at").iter_rows()
    }
    # the field's dictionary labels actors; it does not steer the coding of events (their
    # places, the countries one actor lends another, the article's home): those keep to what
    # the text says, and the actors are read on their events' days afterwards
    coded, told = read_mentions(mentions, lexicon.codes, published)
    entities = entities_of(coded, lexicon)
    parses = parse_trigger_sentences(sentences, rules, parser) if parser is not None else None
    events, actors = code_events(sentences, mentions, entities, published, rules, parses)
    actors = read_actors(actors, events, entities, lexicon.codes, told, home_countries(mentions), published)
    terms = article_terms(todo, mentions, entities)
    events = with_clusters(events, actors, entities, terms)
    return Analysis(
        articles,
        sentences,
        mentions.drop("kind", "country_iso3", "sector", "origin"),
        entities,
        events,
        actors,
        terms,
    )
