"""Passes over an article's coded events as a whole: what one sentence cannot tell alone.

- An act that neither its sentence nor an earlier one places, or places only in the province
  the story's town is in, happened where the story is (`place_on_story`).
- A follow-up story (a trial, an indictment, a sentencing) tells its incident under a legal
  process from the lede on: the later undated mentions of the act are that old act told
  again, not news of the day (`recall_follow_ups`).
"""

from __future__ import annotations

from transforms.event_places import story_place
from transforms.event_triggers import VIOLENT_TYPES


def place_on_story(
    events: list[dict], places: dict[str, list[dict]], geo: dict[str, dict], homes: dict[str, str]
) -> None:
    """Events of the story that neither their sentence nor an earlier one places are placed at
    the article's story place (`story_place`, `location_from` = `story`), and so are those
    placed only in the province that holds it (`BEEBE, Ark.`, a town the model missed, then
    `Little Rock` and `White County` further down: the act is in the town the story names, not
    anywhere in Arkansas); an act of another time keeps no place rather than borrow the
    story's. Only a place in the article's home country (`homes`, where it has one) can be the
    story's: a town abroad the article names is more often a namesake read wrong than the scene."""
    stories: dict[str, dict | None] = {}
    for e in events:
        placed = e["location_entity_id"] is not None
        if e["background"] or (placed and not _province(geo.get(e["location_entity_id"]))):
            continue
        aid = e["article_id"]
        if aid not in stories:
            stories[aid] = story_place(places.get(aid, []), geo, homes.get(aid))
        p = stories[aid]
        if p is None:
            continue
        g = geo[p["entity_id"]]
        if placed and not _holds(geo[e["location_entity_id"]], g):
            continue  # a province told that is not the story town's: the text says otherwise
        e.update(
            location_text=p["surface"],
            location_entity_id=p["entity_id"],
            location_from="story",
            lat=g["lat"],
            lon=g["lon"],
            geo_precision=2 if p["origin"] == "locality" else g["geo_precision"],
            country_iso3=g["country_iso3"] or e["country_iso3"],
        )


def _province(g: dict | None) -> bool:
    """Whether an entity row is a state or province (a region, not a town or a country)."""
    return g is not None and g["geo_precision"] == 3 and g["admin1"] is not None


def _holds(province: dict, town: dict) -> bool:
    """Whether the town lies in the province (the same country and admin-1 region)."""
    return province["country_iso3"] == town["country_iso3"] and province["admin1"] == town["admin1"]


def recall_follow_ups(events: list[dict]) -> None:
    """Where an article's first violent act of the story is `recalled` (told under a legal
    process without a day of its own: `X was indicted in the fatal shooting of ...`), the
    article is a follow-up: its later violent acts without a day of their own are the same old
    act told again (`According to the indictment, X shot ...`) and are recalled too, so a court
    story adds no incident of its publication day (the views count a recalled act only where its
    cluster also holds the incident reported as news)."""
    first: dict[str, dict] = {}
    for e in sorted(events, key=lambda e: (e["article_id"], e["sent_idx"], e["trigger_start"])):
        if e["event_type"] not in VIOLENT_TYPES or e["background"] or e["negated"] or e["hypothetical"]:
            continue
        lead = first.setdefault(e["article_id"], e)
        if lead is not e and lead["recalled"] and e["date_text"] is None:
            e["recalled"] = True


# The sentences of an article's lede, where news states the toll (as `v_event_clusters` reads it).
LEDE_SENTENCES = 6


def survivors_of_struck(events: list[dict], struck: set[int]) -> None:
    """The `struck` events' injured counts (everyone shot, as `CasualtyReader.struck` reads it)
    less the dead the article's lede gives the story's act: `Five men were shot in Detroit.
    ... One of them died at the hospital.` is one killed and four injured, not five injured.
    Where as many died as were shot, no one was injured; where the lede gives more dead than
    were shot, the count is of some other act and stays."""
    dead: dict[str, int] = {}
    for e in events:
        if (
            e["sent_idx"] < LEDE_SENTENCES
            and e["killed"]
            and not (e["background"] or e["negated"] or e["hypothetical"])
        ):
            dead[e["article_id"]] = max(dead.get(e["article_id"], 0), e["killed"])
    for i in struck:
        e = events[i]
        k, shot = dead.get(e["article_id"], 0), e["injured"]
        if k and shot is not None and shot >= k:
            e["injured"] = (shot - k) or None
