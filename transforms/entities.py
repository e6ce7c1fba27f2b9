"""Entity mentions from sentences, resolved against the lexicon.

With an NER model, the model decides where names are and the dictionary what they are; without
one, dictionary phrases and capitalisation rules find the names (`mention_rules`):
1. longest-match lookup of token n-grams in the lexicon (organisations, countries, demonyms,
   capitals, gazetteer places, sector keywords);
2. compound actors: a country or demonym followed by a sector keyword (`Syrian army`,
   `Russia's foreign ministry`) becomes one group actor with that country and sector;
3. people: names the model tags as people, capitalised names after a title from
   `seeds/titles.csv` (`Deputy Foreign Minister Mikhail Bogdanov`); later mentions by surname
   resolve to the same person, and a name the text marks as a person's is never a place;
4. places are read on the article's story (`place_resolution`): a namesake abroad needs its
   country or region named, else the name stays unresolved rather than wrong;
5. places not in the gazetteer but placed by the text (`Damascus' Qadam neighborhood`)
   resolve to the enclosing place with geo_precision 2.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace
from functools import partial

import polars as pl

from transforms.authority_places import authority_place
from transforms.gazetteer import DIRECTION_WORDS
from transforms.ids import stable_id
from transforms.lexicon import Entry, Lexicon
from transforms.mention_rules import (
    Mention,
    Tok,
    appositive_titles,
    compound_groups,
    localities,
    match_dictionary,
    other_names,
    owner_country,
    people_after_titles,
    strip_possessive,
    title_before,
    tokenize,
)
from transforms.place_resolution import choose, namesakes
from transforms.story import MAJOR_POPULATION, PLACE_LABELS, Story, beside_person, caseless, person_cue, region_key
from transforms.story_country import story_of
from transforms.text_norm import norm_name

__all__ = ["ENTITY_SCHEMA", "MENTION_SCHEMA", "entities_of", "find_mentions", "region_key"]

MENTION_SCHEMA = {
    "article_id": pl.String,
    "sent_idx": pl.Int32,
    "char_start": pl.Int32,
    "char_end": pl.Int32,
    "surface": pl.String,
    "label": pl.String,
    "entity_id": pl.String,
    "kind": pl.String,
    "country_iso3": pl.String,
    "sector": pl.String,
    "origin": pl.String,  # which dictionary (or rule) produced it: country, capital, place, locality, ...
}

ENTITY_SCHEMA = {
    "entity_id": pl.String,
    "name": pl.String,
    "kind": pl.String,
    "country_iso3": pl.String,
    "sector": pl.String,
    "geonameid": pl.Int64,
    "lat": pl.Float64,
    "lon": pl.Float64,
    "geo_precision": pl.Int32,
    # the state or province a place lies in (GeoNames admin-1): for the passes over an article
    # (a province the text names holds the story's town); not a warehouse column
    "admin1": pl.String,
    # CAMEO-style code (`RUSGOV`, `IGOUNOREFHCR`) and why the dictionary was unsure, if it was
    # (`transforms.actor_reading`); an entity loaded from several articles keeps the last one's
    "actor_code": pl.String,
    "code_reason": pl.String,
}


def _resolve_span(
    start: int,
    end: int,
    label: str,
    surface: str,
    inner: list[Mention],
    lex: Lexicon,
    story: Story,
    here: frozenset[str],
    sentence: tuple[str, int, list[Tok]],
    prior: list[Mention],
    people: dict[str, Entry],
    person: bool = False,
) -> Mention:
    """A named-entity span from the model, resolved: a name the text marks as a person's is
    read as a person whatever the model's label; then the dictionary and, for places, the
    gazetteer's small namesakes, read on the story (`place_resolution.choose`); then rules by
    label (an organisation the story gives no place reading stays an organisation). A place
    name with no candidate the story supports keeps its text with no entity: a name we cannot
    place is never guessed. `sentence` is the text, its offset and its tokens; `person` says
    the model's spans already mark it as part of a person's name (`story.beside_person`)."""
    text, offset, toks = sentence
    key = norm_name(surface)
    person = person or person_cue(key, start, end, text, offset, toks, lex, story)
    if person:
        label = "PER"
    cands, tail = namesakes(lex, key, surface, label, story, here, person=person, caseless=caseless(text))
    chosen = choose(cands, story, here, tail, key=key) if cands or tail else None
    if chosen is not None:
        return Mention(start, end, surface, chosen)
    if (cands or tail) and label in PLACE_LABELS:
        return _unresolved(start, end, surface, key, label)  # no namesake the story supports
    head, _, rest = key.partition(" ")
    if head in DIRECTION_WORDS and rest and label in PLACE_LABELS | {"NORP"}:
        # only a whole that parts are named after: a country, a region, a continent or a city
        inside = [
            c
            for c in lex.lookup(rest, small_places=True)
            if c.kind == "country" or (c.kind == "place" and ((c.geo_precision or 1) >= 3 or c.population >= 100_000))
        ]
        whole = choose(inside, story, here) if inside else None
        if whole is not None:
            return Mention(start, end, surface, replace(whole, geo_precision=max(whole.geo_precision or 1, 2)))
    if label == "PER":
        last = key.split(" ")[-1] if key else ""
        if " " not in key and last in people:
            return Mention(start, end, surface, people[last])
        title = title_before(toks, start, lex)
        country = owner_country(prior, title[1] if title else start, start)
        entry = Entry(
            "person", stable_id("person", key), surface, "person", "PER", country, title[0] if title else None
        )
        return Mention(start, end, surface, entry)
    if label == "ORG":
        iso3 = next((m.entry.country_iso3 for m in inner if m.entry.country_iso3), None)
        sector = next((m.entry.sector for m in inner if m.entry.sector), None)
        entry = Entry("named", stable_id("organization", key), surface, "organization", "ORG", iso3, sector)
        return Mention(start, end, surface, entry)
    if label in {"NORP", "MISC"}:
        # a nationality or group the dictionary does not know, an event, a law: kept as text
        return Mention(start, end, surface, Entry("unknown", stable_id("name", key), surface, "group", label))
    return _unresolved(start, end, surface, key, label)


def _dictionary_reading(cands: list[Entry], key: str, story: Story) -> Entry | None:
    """A dictionary phrase's reading on the story: a name the article gives a person
    (`Santiago` after `Michael Santiago`) is no place or country even where the model missed it."""
    if key in story.person_names:
        cands = [c for c in cands if c.kind not in {"place", "country"}]
        if not cands:
            return None
    return choose(cands, story, key=key)


def _unresolved(start: int, end: int, surface: str, key: str, label: str) -> Mention:
    """A place name kept as text, with no entity: not in the gazetteer, or no namesake the
    story supports."""
    return Mention(start, end, surface, Entry("unknown", stable_id("name", key), surface, "place", label))


def find_mentions(
    articles: pl.DataFrame,
    sentences: pl.DataFrame,
    lex: Lexicon,
    ner_spans: dict[str, list[tuple[int, int, str]]] | None = None,
    reporting: frozenset[str] = frozenset(),
) -> pl.DataFrame:
    """All mentions of all sentences, one row each, with the resolved entity's attributes.

    With `ner_spans` (article_id -> model spans), the model decides where names are and the
    dictionary decides what they are; without, dictionary matches and capitalisation rules
    find the names. Each article's story (`story_country.story_of`) is read first, from
    all its spans, and grows with each country, region or capital resolved. `reporting` are
    the verbs that report speech (`EventRules.reporting`): a name they make a speaker of
    (`Adams said`) is a person's, not a place's."""
    rows: list[tuple] = []
    for article_id, group in sentences.group_by("article_id", maintain_order=True):
        aid = article_id[0] if isinstance(article_id, tuple) else article_id
        text_spans = None if ner_spans is None else sorted(ner_spans.get(aid, []))
        story = story_of(text_spans, group.select("char_start", "char_end", "sentence").rows(), lex, reporting)
        people: dict[str, Entry] = {}
        for sent_idx, start, end, sentence in group.select(
            "sent_idx", "char_start", "char_end", "sentence"
        ).iter_rows():
            toks = tokenize(sentence, start)
            found = match_dictionary(toks, sentence, start, lex, partial(_dictionary_reading, story=story))
            dictionary = compound_groups(found, sentence, start)
            if text_spans is None:
                mentions = _rule_mentions(toks, dictionary, sentence, start, lex, people)
            else:
                mentions = _model_mentions(
                    (sentence, start, toks),
                    dictionary,
                    lex,
                    story,
                    people,
                    _spans_within(text_spans, start, end),
                )
            appositive = appositive_titles(mentions, toks, lex, sentence, start)
            for before, after in zip(mentions, appositive, strict=True):
                if after.entry is not before.entry:  # the surname alone means the person so described
                    people.update({k: after.entry for k, v in people.items() if v is before.entry})
            mentions = appositive
            for m in mentions:
                story.note(m.entry)
            if lex.agents is not None:
                mentions = [*mentions, *agent_mentions(toks, sentence, start, lex.agents, mentions)]
            for m in sorted(mentions, key=lambda m: m.start):
                e = m.entry
                rows.append(
                    (
                        aid,
                        sent_idx,
                        m.start,
                        m.end,
                        m.surface,
                        e.label,
                        None if e.source == "unknown" else e.entity_id,
                        e.kind,
                        e.country_iso3,
                        e.sector,
                        e.source,
                    )
                )
    frame = pl.DataFrame(rows, schema=MENTION_SCHEMA, orient="row")
    return frame.unique(["article_id", "char_start", "char_end"], keep="first", maintain_order=True)


def agent_mentions(toks: list[Tok], sentence: str, offset: int, agents: Lexicon, taken: list[Mention]) -> list[Mention]:
    """The field's agent nouns (`extortioners`, `public works ministry`) where no other mention
    stands: they only ever add a generic actor with its sector, never displace a name, a place or
    one of our own sector words (which decide first)."""
    found = match_dictionary(toks, sentence, offset, agents, lambda cands, _key: cands[0])
    return [a for a in found if not any(a.start < m.end and m.start < a.end for m in taken)]


def _spans_within(spans: list[tuple[int, int, str]], start: int, end: int) -> list[tuple[int, int, str]]:
    """The sorted spans lying inside [start, end), found by bisection (articles can be long)."""
    first = bisect_left(spans, (start, -1, ""))
    out = []
    for span in spans[first:]:
        if span[0] >= end:
            break
        if span[1] <= end:
            out.append(span)
    return out


def _model_mentions(
    sentence: tuple[str, int, list[Tok]],
    dictionary: list[Mention],
    lex: Lexicon,
    story: Story,
    people: dict[str, Entry],
    spans: list[tuple[int, int, str]],
) -> list[Mention]:
    """Model spans resolved against the dictionary, plus what the model does not tag: generic
    actors (`militants`, `Syrian army`), known organisations and countries, and
    neighbourhoods placed by the text. `sentence` is the text, its offset and its tokens."""
    text, start, toks = sentence
    for m in dictionary:  # the town of a named organisation (`Birmingham Mayor`) anchors its sentence's names
        if m.entry.kind == "place" and any(o.start == m.start and o.end > m.end for o in dictionary):
            story.note(m.entry)
    # countries the sentence itself names: a namesake there beats one at home (`Victoria, Australia`)
    here = frozenset(m.entry.country_iso3 for m in dictionary if m.entry.source in {"country", "demonym"})
    mentions: list[Mention] = []
    for i, (s, e, label) in enumerate(spans):
        inner = [m for m in dictionary if m.start < e and m.end > s]
        outer = [m for m in inner if m.start <= s and m.end >= e and m.end - m.start > e - s]
        if outer:  # a longer dictionary phrase ("Syrian army") already covers the model's span
            continue
        surface = text[s - start : e - start]
        beside = label in PLACE_LABELS and beside_person(spans, i, text, start)
        resolved = _resolve_span(
            s, e, label, surface, inner, lex, story, here, sentence, dictionary + mentions, people, beside
        )
        if resolved.entry.kind == "person" and " " in resolved.surface:
            people[norm_name(resolved.surface).split(" ")[-1]] = resolved.entry
        if resolved.entry.kind == "place":
            story.note(resolved.entry)  # a dateline's town anchors the places after it in its sentence
        mentions.append(resolved)
        if label == "ORG" and (served := authority_place(resolved, lex, story, here)) is not None:
            story.note(served.entry)
            mentions.append(served)  # `Reno` of `Reno Police Department`, beside the police
    taken = [(m.start, m.end) for m in mentions]
    for m in dictionary:
        if any(m.start < te and m.end > ts for ts, te in taken):
            continue
        seen = any(m.start <= s and m.end >= e for s, e, _ in spans)  # it holds a name the model tagged
        if m.entry.source == "place" and m.entry.population < MAJOR_POPULATION and not seen:
            continue  # a small place the model did not see as a name is usually a common word
        if m.entry.kind == "place" and person_cue(norm_name(m.surface), m.start, m.end, text, start, toks, lex, story):
            continue  # `Officer Houston`: a name the model missed, and no place
        if m.entry.kind == "place" and caseless(text) and not (story.home and m.entry.country_iso3 == story.home):
            continue  # `SINAI GRACE` in a transcript in capitals: no name is marked there
        mentions.append(m)
    places = localities(toks, [m for m in mentions if m.entry.kind == "place"], text, start)
    for loc in places:  # "Damascus' Qadam neighborhood": the text places what the model mislabels
        mentions = [m for m in mentions if not (m.start < loc.end and m.end > loc.start)] + [loc]
    return mentions


def _rule_mentions(
    toks: list[Tok], dictionary: list[Mention], sentence: str, start: int, lex: Lexicon, people: dict[str, Entry]
) -> list[Mention]:
    """Without a model: dictionary matches, titles before names, and capitalised sequences."""
    mentions = dictionary + localities(toks, dictionary, sentence, start)
    covered = [(m.start, m.end) for m in mentions]
    persons = people_after_titles(toks, mentions, lex, sentence, start)
    for p in persons:
        people[norm_name(p.surface).split()[-1]] = p.entry
    mentions += persons
    covered += [(m.start, m.end) for m in persons]
    for tok in toks:  # a surname alone resolves to the person named earlier
        last = norm_name(tok.text)
        if last in people and tok.capitalised and not any(s <= tok.start < e for s, e in covered):
            surface = strip_possessive(tok.text)
            mentions.append(Mention(tok.start, tok.start + len(surface), surface, people[last]))
            covered.append((tok.start, tok.end))
    return mentions + other_names(toks, covered, sentence, start)


def entities_of(mentions: pl.DataFrame, lex: Lexicon) -> pl.DataFrame:
    """The entities table rows for the resolved mentions in a batch."""
    seen: dict[str, dict] = {}
    index = lex.by_id()
    for row in mentions.filter(pl.col("entity_id").is_not_null()).iter_rows(named=True):
        eid = row["entity_id"]
        if eid in seen:
            continue
        base = index.get(eid)
        if base is not None and base.source not in {"sector"}:
            codes = {"actor_code": row.get("actor_code"), "code_reason": row.get("code_reason")}
            seen[eid] = {**_entity_row(base), **codes}
        else:  # people, compound groups and generic groups are named by their mention
            seen[eid] = {
                "entity_id": eid,
                # a person or a named organisation the dictionary lacks ("Damascus Hospital") is
                # named by its text; a generic or compound group by its country and sector
                "name": row["surface"] if row["origin"] in {"person", "named"} else _group_name(row, lex),
                "kind": row["kind"],
                "country_iso3": row["country_iso3"],
                "sector": row["sector"],
                "geonameid": None,
                "lat": None,
                "lon": None,
                "geo_precision": None,
                "admin1": None,
                "actor_code": row.get("actor_code"),
                "code_reason": row.get("code_reason"),
            }
    return pl.DataFrame(list(seen.values()), schema=ENTITY_SCHEMA)


def _group_name(row: dict, lex: Lexicon) -> str:
    """`Syria (MIL)`: a generic group named by its country and sector."""
    country = lex.countries.get(row["country_iso3"] or "")
    sector = row["sector"] or "?"
    return f"{country.name} ({sector})" if country else f"{sector} (country unknown)"


def _entity_row(e: Entry) -> dict:
    """A dictionary entry as an entities table row."""
    return {
        "entity_id": e.entity_id,
        "name": e.name,
        "kind": e.kind,
        "country_iso3": e.country_iso3,
        "sector": e.sector,
        "geonameid": e.geonameid,
        "lat": e.lat,
        "lon": e.lon,
        "geo_precision": e.geo_precision,
        "admin1": e.admin1,
    }
