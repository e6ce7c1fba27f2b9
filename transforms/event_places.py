"""Where an event happened: the sentence's place, or the article's place before it."""

from __future__ import annotations

import re

from transforms.syntax import Parse

_LOCATION_PREP = re.compile(r"\b(?:in|near|at|outside|around|on|across|into|from|inside|over)\s+(?:the\s+)?$", re.I)


def place_of(
    sent_places: list[dict], countries: list[dict], earlier: list[dict], sentence: str, offset: int
) -> tuple[dict | None, bool]:
    """The sentence's place: a neighbourhood placed by the text first, then a place after
    `in/near/at`, then any place, then a country after such a preposition (country precision);
    with none, the nearest earlier place of the article (flagged as not in the sentence)."""
    ranked = sorted(sent_places, key=lambda p: p["origin"] != "locality")
    for p in ranked:
        if p["origin"] == "locality" or _LOCATION_PREP.search(sentence[: p["char_start"] - offset]):
            return p, True
    if ranked:
        return ranked[0], True
    for c in countries:
        if _LOCATION_PREP.search(sentence[: c["char_start"] - offset]):
            return c, True
    return (earlier[-1], False) if earlier else (None, False)


def finer_place(place: dict | None, places: list[dict], parse: Parse | None, start: int) -> dict | None:
    """The place a modifier place introduces (`the Damascus suburb town of Douma`, `the Aleppo
    district of Sheikh Maqsoud`): the `of` phrase of the noun the first place modifies."""
    if place is None or parse is None:
        return place
    t = parse.token_at(place["char_start"] - start)
    if t is None or parse.deps[t] not in ("compound", "amod", "nmod", "poss"):
        return place
    for prep in parse.kids(parse.heads[t], "prep"):
        if parse.words[prep] != "of":
            continue
        for obj in parse.kids(prep, "pobj"):
            s, e = start + parse.starts[obj], start + parse.ends[obj]
            finer = next((p for p in places if p["char_start"] < e and p["char_end"] > s), None)
            if finer is not None:
                return finer
    return place


def story_place(places: list[dict], geo: dict[str, dict], home: str | None = None) -> dict | None:
    """The place an article's story is told at: the town or district (not a province or a
    country) it names most often, the first named on a tie. A report's act with no place in
    its sentence or before it (`The Reno Police Department is investigating a shooting ...`,
    the town named further down) happened there unless the text says otherwise. Only a place of
    the article's `home` country can be the story's; an article without a home country has no
    story place (a town read abroad is more often a namesake read wrong than the scene)."""
    if home is None:
        return None
    counts: dict[str, int] = {}
    first: dict[str, dict] = {}
    for p in places:
        g = geo.get(p["entity_id"])
        if g is None or g["lat"] is None or g["country_iso3"] != home:
            continue
        if p["origin"] == "locality" or (g["geo_precision"] or 9) <= 2:
            counts[p["entity_id"]] = counts.get(p["entity_id"], 0) + 1
            first.setdefault(p["entity_id"], p)
    if not counts:
        return None
    best = max(counts, key=lambda k: (counts[k], -first[k]["char_start"]))
    return first[best]
