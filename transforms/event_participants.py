"""Who the actors of an event are: mentions placed in the roles syntax found, or by word order.

The parse gives token lists for the source and the target (`event_roles`); this module turns
them into the article's actor mentions, fills a role syntax left empty from word order (the
actors just before and after the trigger, `by` marking a passive's doer), lets capitals stand
for their countries, and gives unnamed state forces the article's home country.
"""

from __future__ import annotations

import re

import polars as pl

from transforms.event_triggers import Hit
from transforms.lexicon import country_entity_id
from transforms.syntax import Parse

_COORDINATION = re.compile(r"^(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+|\s+&\s+)$", re.I)
_BY = re.compile(r"\bby\s+(?:the\s+)?$", re.I)


def _coordinated(actors: list[dict], anchor: int, sentence: str, offset: int, backwards: bool) -> list[dict]:
    """The actor at `anchor` and those joined to it by commas or `and`."""
    group = [actors[anchor]]
    step = -1 if backwards else 1
    i = anchor
    while 0 <= i + step < len(actors):
        a, b = (actors[i + step], actors[i]) if backwards else (actors[i], actors[i + step])
        between = sentence[a["char_end"] - offset : b["char_start"] - offset]
        if not _COORDINATION.match(between):
            break
        i += step
        group.append(actors[i])
    return sorted(group, key=lambda m: m["char_start"])


def as_country(capital: dict) -> dict:
    """A capital's mention standing for its country (`Washington said`)."""
    return {**capital, "kind": "country", "entity_id": country_entity_id(capital["country_iso3"])}


def capital_subject(capitals: list[dict], trigger_start: int, sentence: str, offset: int) -> list[dict]:
    """Capitals standing right before the verb act for their countries (metonymy)."""
    if not capitals:
        return []
    last = max((c for c in capitals if c["char_end"] <= trigger_start), key=lambda c: c["char_end"], default=None)
    if last is None or sentence[last["char_end"] - offset : trigger_start - offset].strip():
        return []
    return [as_country(c) for c in capitals if c["char_end"] <= trigger_start]


def linear_roles(
    actors: list[dict], capitals: list[dict], m: Hit, sentence: str, start: int
) -> tuple[list[dict], list[dict]]:
    """Source and target by word order, for sentences without a parse: the actors just before
    and just after the trigger, `by` marking the source of a passive or a noun trigger."""
    t_start = start + m.start
    before = [i for i, a in enumerate(actors) if a["char_end"] <= t_start]
    if not before:
        # "Washington, London and Paris targeted ...": capitals as the subject
        subject = capital_subject(capitals, t_start, sentence, start)
        if subject:
            actors = sorted([*actors, *subject], key=lambda a: a["char_start"])
            before = [i for i, a in enumerate(actors) if a["char_end"] <= t_start]
    after = [i for i, a in enumerate(actors) if a["char_start"] >= start + m.end]
    source = _coordinated(actors, before[-1], sentence, start, True) if before else []
    target = _coordinated(actors, after[0], sentence, start, False) if after else []
    gap = sentence[m.end : actors[after[0]]["char_start"] - start] if after else ""
    if after and len(gap.split()) <= 3 and _BY.search(gap):
        # passive or noun trigger: "killed by X", "an attack by X on Y"
        source = target
        rest = [i for i in after if actors[i]["char_start"] > source[-1]["char_end"]]
        target = _coordinated(actors, rest[0], sentence, start, False) if rest else []
        if not target and before:
            target = _coordinated(actors, before[-1], sentence, start, True)
    return source, target


def untaken(mentions: list[dict], taken: set[int]) -> list[dict]:
    """Word-order actors that syntax has not already put in the other role."""
    return [a for a in mentions if a["char_start"] not in taken]


# Tags of a common noun: a capitalised word that only describes one names no person.
_COMMON_NOUNS = frozenset({"NN", "NNS"})
_MODIFIERS = frozenset({"amod", "compound", "nmod"})


def without_modifier_names(actors: list[dict], parse: Parse | None, start: int) -> list[dict]:
    """The sentence's actors less the one-word people nothing resolved that only describe a
    common noun (`the three Western states`, `Hajar al-Aswad and Qadam districts`): the model
    tags a capitalised modifier as a name, but no person modifies `states`, and word order
    would make one the doer or the target. A resolved name stays (`the Trump administration`)."""
    if parse is None:
        return actors

    def modifier(a: dict) -> bool:
        if a["kind"] != "person" or a["country_iso3"] or a["sector"] or " " in a["surface"]:
            return False
        t = parse.token_at(a["char_start"] - start)
        while t is not None and parse.deps[t] == "conj" and parse.heads[t] != t:
            t = parse.heads[t]  # `Hajar al-Aswad and Qadam districts`: as its first conjunct
        if t is None:
            return False
        head = parse.heads[t]
        return head != t and parse.deps[t] in _MODIFIERS and parse.tags[head] in _COMMON_NOUNS

    return [a for a in actors if not modifier(a)]


def mentions_of(
    arguments: list[list[int]], parse: Parse, actors: list[dict], capitals: list[dict], start: int, as_source: bool
) -> list[dict]:
    """The actor mention of each argument (see `event_roles.argument_tokens`): the first of its
    tokens that an actor mention covers, or a named organisation in place of a generic group.
    One without a country takes the country of another
    mention in its phrase (`Russian President Boris Yeltsin`, `a group of Moroccan diplomats`).
    A capital in the source acts for its country (`Washington, London and Paris struck`)."""
    pool = actors + ([as_country(c) for c in capitals] if as_source else [])
    out: list[dict] = []
    for tokens in arguments:
        found = []
        for t in tokens:
            s, e = start + parse.starts[t], start + parse.ends[t]
            found += [a for a in pool if a["char_start"] < e and a["char_end"] > s and all(a is not f for f in found)]
        if not found or any(found[0] is o for o in out):
            continue
        hit = found[0]
        if hit["origin"] == "sector":
            # `Taliban fighters`, `Hamas militants`: the named organisation is the actor
            hit = next((f for f in found[1:] if f["origin"] in ("organization", "named")), hit)
        if not hit["country_iso3"]:
            donor = next((f for f in found[1:] if f["country_iso3"]), None)
            if donor is not None:
                hit = {**hit, "country_iso3": donor["country_iso3"], "sector": hit["sector"] or donor["sector"]}
        out.append(hit)
    return sorted(out, key=lambda a: a["char_start"])


def last_person(mentions: list[dict]) -> dict | None:
    """The last person named in a sentence, with the country of a name just before it when he
    has none of his own (`Russia's Deputy Foreign Minister Mikhail Bogdanov`)."""
    people = [m for m in mentions if m["kind"] == "person"]
    if not people:
        return None
    person = people[-1]
    if not person["country_iso3"]:
        donor = next(
            (
                m
                for m in reversed(mentions)
                if m["country_iso3"] and m["char_end"] <= person["char_start"] <= m["char_end"] + 40
            ),
            None,
        )
        if donor is not None:
            person = {**person, "country_iso3": donor["country_iso3"]}
    return person


STATE_SECTORS = frozenset({"MIL", "GOV", "COP"})


def home_countries(mentions: pl.DataFrame, min_share: float = 0.5) -> dict[str, str]:
    """Each article's home country: the one that at least `min_share` of its country-bearing
    mentions belong to. An unnamed army, government or police (`the army was advancing`) is
    that country's, as a reader of the article takes it. Two countries at half each leave the
    article without a home. It is read from the text's own mentions, before the field's
    dictionary labels any name (`analysis.analyse`)."""
    counts = (
        mentions.filter(pl.col("country_iso3").is_not_null())
        .group_by("article_id", "country_iso3")
        .len()
        .with_columns(share=pl.col("len") / pl.col("len").sum().over("article_id"))
        .filter(pl.col("share") >= min_share)
        .filter(pl.len().over("article_id") == 1)
    )
    return dict(counts.select("article_id", "country_iso3").iter_rows())


def _own_means(target: list[dict], source_countries: set[str]) -> bool:
    """Whether a target is only the doer's own forces or goods: no target, or generic group
    words (`troops`, `peacekeepers`, `military` of `military aid`) without a country or with the
    doer's own."""
    return all(a["origin"] == "sector" and (a["country_iso3"] or "") in source_countries | {""} for a in target)


def with_destination(
    source: list[dict], target: list[dict], where: list[int], parse: Parse, pool: list[dict], start: int
) -> list[dict]:
    """The target, or, where it is only the doer's own means (`_own_means`), the country of a
    place the act sends them to, holds them in or takes them from (`event_roles.destinations`):
    `Pakistan deployed troops in Yemen` targets Yemen, as CAMEO codes it. A place
    in the doer's own country is where the act happens, not whom it is done to."""
    sources = {a["country_iso3"] for a in source if a["country_iso3"]}
    if not sources or not _own_means(target, sources):
        return target
    out = []
    for h in where:
        s, e = start + parse.starts[h], start + parse.ends[h]
        place = next((p for p in pool if p["char_start"] < e and p["char_end"] > s and p["country_iso3"]), None)
        if place is not None and place["country_iso3"] not in sources and all(place is not o for o in out):
            out.append(place if place["kind"] == "country" else as_country(place))
    return sorted(out, key=lambda a: a["char_start"]) or target
