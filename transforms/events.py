"""Events from sentences: who did what to whom, where, when, and with how many casualties.

The coding loop over an article's sentences. Per sentence: the candidate triggers the parse
accepts as predicates (`event_picking.candidates`, `event_gate`), a draft of each with its
actors, frame, own date and background flag (`event_drafts`), the drafts refused as no
reported act dropped, then the acts the sentence codes (`event_picking.choose`: the one it
asserts, the strongest of the other kind, a more specific or the violent one beside them, and
one act of another time it recalls, flagged background). The place comes from the sentence or
the nearest earlier place (`event_places`), casualties belong to the violent acts only and
are read without the clauses of background acts (`casualties`), and the confidence from the
fitted model (`event_confidence`). Triggers, modes and cue words are data in `seeds/`.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from transforms.event_article import place_on_story, recall_follow_ups, survivors_of_struck
from transforms.event_clauses import blanked, covers, masked
from transforms.event_confidence import confidence, features
from transforms.event_dates import dates_in
from transforms.event_drafts import Draft, SentenceContext, draft, is_background, tally_spans
from transforms.event_participants import STATE_SECTORS, home_countries, last_person, without_modifier_names
from transforms.event_picking import candidates, choose, outside_places
from transforms.event_places import finer_place, place_of
from transforms.event_triggers import VIOLENT_TYPES, EventRules, Hit, Trigger, expand_forms, find_triggers
from transforms.ids import stable_id
from transforms.lexicon import country_entity_id
from transforms.syntax import Parse
from transforms.victims import listed_victims, subject_deaths, with_listed

__all__ = ["EventRules", "code_events", "expand_forms", "find_triggers", "home_countries"]

EVENT_SCHEMA = {
    "event_id": pl.String,
    "article_id": pl.String,
    "sent_idx": pl.Int32,
    "evidence": pl.String,
    "evidence_start": pl.Int32,
    "evidence_end": pl.Int32,
    "trigger": pl.String,
    "trigger_start": pl.Int32,
    "event_type": pl.String,
    "mode": pl.String,
    "cameo_root": pl.String,
    "quad_class": pl.Int32,
    "acled_type": pl.String,
    "acled_sub_type": pl.String,
    "source_text": pl.String,
    "target_text": pl.String,
    "location_text": pl.String,
    "location_entity_id": pl.String,
    "location_from": pl.String,
    "lat": pl.Float64,
    "lon": pl.Float64,
    "country_iso3": pl.String,
    "geo_precision": pl.Int32,
    "event_date": pl.Date,
    "date_precision": pl.Int32,
    "date_text": pl.String,
    "killed": pl.Int32,
    "injured": pl.Int32,
    "negated": pl.Boolean,
    "hypothetical": pl.Boolean,
    "background": pl.Boolean,
    "recalled": pl.Boolean,
    "confidence": pl.Float64,
    "confidence_basis": pl.String,
    "cluster_id": pl.String,
}

ACTOR_SCHEMA = {
    "event_id": pl.String,
    "role": pl.String,
    "entity_id": pl.String,
    "text": pl.String,
    "country_iso3": pl.String,
    "sector": pl.String,
    "actor_idx": pl.Int32,
    "code_reason": pl.String,  # set here for an agent noun's row; `actor_reading` adds its own
}
# Mentions of the field's agent nouns (`seeds/petrarch/agents.csv`): they name an actor's sector
# where the text's own actors left a role empty, but are no evidence that an act took place (no
# participant for the gate, no source or target for the confidence), and the clustering takes
# no row of theirs as evidence of who acted (their `code_reason`).
AGENT_ORIGIN = "agent"
AGENT_REASON = "the field's agent nouns"
# A target no one is named for: the country of the place the sentence puts the act in, as the
# event data sets code a domestic act (`Sudan lifted a state of emergency in West Darfur`
# targets Sudan). A label like the agent nouns' (no evidence of an act, not for the clustering).
PLACE_TARGET = True
PLACE_REASON = "where it happened: no target named"
# A doer no one is named for, likewise: ACLED's `Unidentified Armed Group (Iraq)` and `Police
# Forces of Lebanon`, CAMEO's domestic source (`was arrested in Lebanon` is Lebanon's act).
PLACE_SOURCE = True
PLACE_SOURCE_REASON = "where it happened: no doer named"
# what both start with: the rows that name no actor, only the place of the act
PLACE_REASONS = "where it happened"

_ACTOR_KINDS = {"country", "organization", "group", "person"}
_PLACE_ORIGIN = {"source": "place of the act, for its doer", "target": "place of the act"}
_REASONS = {
    AGENT_ORIGIN: AGENT_REASON,
    _PLACE_ORIGIN["target"]: PLACE_REASON,
    _PLACE_ORIGIN["source"]: PLACE_SOURCE_REASON,
}


def _placed(place: dict, country: str, role: str) -> dict:
    """The country of the place an act is put in, standing in the role no one is named for
    (`PLACE_TARGET`, `PLACE_SOURCE`)."""
    return {
        **place,
        "kind": "country",
        "country_iso3": country,
        "sector": None,
        "origin": _PLACE_ORIGIN[role],
        "entity_id": country_entity_id(country),
    }


_ARMED = frozenset({"MIL", "REB", "COP", "INS", "SPY", "UAF"})
_REMOTE_MODES = frozenset(
    {"aerial", "missile", "artillery", "drone", "explosives", "suicide bombing", "chemical", "naval"}
)


def _acled_type(trig: Trigger, mode: str | None, source: list[dict], target: list[dict]) -> tuple[str, str | None]:
    """The PLOVER and ACLED types of a violent event, from who fought whom and how, where the
    trigger leaves them open: a remote means (`attack ... with drones`, `killed when an IED
    detonated`) makes Explosions/Remote violence; armed actors on both sides make a killing a
    battle for ACLED (PLOVER keeps ASSAULT for any killing, as its gold standard codes guerrillas
    killing soldiers), and so does a killing of armed actors by a source of no known sector; an
    unspecific `attack` on armed actors is a battle, on anyone else violence against civilians.
    The sub-event type may still move the type (`_acled_sub_type`)."""
    if trig.event_type not in VIOLENT_TYPES:
        return trig.event_type, trig.acled_type
    armed_target = any(a["sector"] in _ARMED for a in target)
    if trig.event_type == "ASSAULT" and trig.acled_type == "Violence against civilians":
        if mode in _REMOTE_MODES:  # ACLED files a killing by bomb, shell or air strike by its means
            return trig.event_type, "Explosions/Remote violence"
        # a source of no known sector (`Sudan's military said it killed`) does not make it one-sided
        if armed_target and (any(a["sector"] in _ARMED for a in source) or all(a["sector"] is None for a in source)):
            return trig.event_type, "Battles"
        return trig.event_type, trig.acled_type
    if trig.acled_type:
        return trig.event_type, trig.acled_type
    if mode in _REMOTE_MODES:
        return trig.event_type, "Explosions/Remote violence"
    return trig.event_type, "Battles" if armed_target else "Violence against civilians"


def _acled_sub_type(
    rules: EventRules,
    acled_type: str | None,
    event_type: str,
    mode: str | None,
    sentence: str,
    hit: Hit,
    source: list[dict],
    target: list[dict],
) -> tuple[str | None, str | None]:
    """ACLED's sub-event type of one event from the cue rows (`transforms.acled_sub_types`), and
    the event type that goes with it; none where the seeds have no such table."""
    if rules.sub_types is None:
        return acled_type, None
    return rules.sub_types.classify(
        acled_type,
        event_type,
        mode,
        sentence,
        (hit.start, hit.end),
        [a["sector"] for a in source],
        [a["sector"] for a in target],
    )


# How many sentences after a violent act a casualty-only sentence still tells its toll.
_CARRY_SENTENCES = 3


def _carry_casualties(
    counts: tuple[int | None, int | None], sent_idx: int, last: tuple[int, list[int]], events: list[dict]
) -> None:
    """A sentence with casualties but no violent trigger of its own (`The child was pronounced
    dead at the hospital.`) tells the toll of the violent act just before it: each count
    raises that event's, never adds to it."""
    at, indices = last
    if sent_idx - at > _CARRY_SENTENCES:
        return
    for kind, value in zip(("killed", "injured"), counts, strict=True):
        if value is None:
            continue
        for i in indices:
            e = events[i]
            if not (e["negated"] or e["hypothetical"] or e["background"]) and (e[kind] or 0) < value:
                e[kind] = value


def _another_time(rules: EventRules, sentence: str, published: date | None) -> bool:
    """Whether a sentence without a violent act speaks of another time than the story's (a
    tally, a past year): its counts are not the story's toll."""
    return bool(rules.tally_re.search(sentence)) or any(
        is_background(d.date, published) for d in dates_in(sentence, published)
    )


def _casualties(
    rules: EventRules,
    ctx: SentenceContext,
    d: Draft,
    background_spans: list[tuple[int, int]],
    tallies: list[tuple[int, int]],
) -> tuple:
    """(killed, injured) of one violent draft, each count belonging to one event only: a
    background act reads its own clause, the story's acts the sentence without the clauses of
    background acts (`killed 10, the deadliest since 2015, when 50 were killed`: 10) and
    without the clauses that count over a period or several incidents (`tally_spans`)."""
    if d.background and d.spans is not None:
        text = masked(ctx.sentence, d.spans)
    else:
        others = [s for s in tallies if d.spans is None or not covers(d.spans, *s)]
        if not (background_spans or others):
            return ctx.counts
        text = blanked(ctx.sentence, background_spans + others)
    return rules.casualties.read(text)


def code_events(
    sentences: pl.DataFrame,
    mentions: pl.DataFrame,
    entities: pl.DataFrame,
    published: dict[str, date | None],
    rules: EventRules,
    parses: dict[tuple[str, int], Parse | None] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Events and their actors for every sentence; `published` maps article_id to its date,
    `parses` holds the dependency parse of the sentences that have one (actors then come from
    syntax, else from word order)."""
    parses = parses or {}
    geo = {r["entity_id"]: r for r in entities.iter_rows(named=True)}
    by_sentence: dict[tuple[str, int], list[dict]] = {}
    for m in mentions.sort("article_id", "char_start").iter_rows(named=True):
        by_sentence.setdefault((m["article_id"], m["sent_idx"]), []).append(m)

    events: list[dict] = []
    struck: set[int] = set()  # events whose injured count is everyone shot (`survivors_of_struck`)
    actors_out: list[dict] = []
    places_so_far: dict[str, list[dict]] = {}
    last_named: dict[str, dict] = {}
    last_violent: dict[str, tuple[int, list[int]]] = {}
    homes = home_countries(mentions)
    for article_id, sent_idx, start, end, sentence in sentences.select(
        "article_id", "sent_idx", "char_start", "char_end", "sentence"
    ).iter_rows():
        ments = by_sentence.get((article_id, sent_idx), [])
        places = [m for m in ments if m["kind"] == "place" and m["entity_id"]]
        earlier = places_so_far.setdefault(article_id, [])
        parse = parses.get((article_id, sent_idx))
        cands = outside_places(candidates(rules, sentence, parse), places, start)
        first_new = len(events)
        if cands.hits:
            countries = [m for m in ments if m["kind"] == "country" and m["label"] == "GPE"]
            actors = [m for m in ments if m["kind"] in _ACTOR_KINDS and m["entity_id"] is not None]
            actors = without_modifier_names(actors, parse, start)
            pub = published.get(article_id)
            dead = subject_deaths(parse, rules.casualties.numbers.value) if parse is not None else None
            killed, injured = rules.casualties.read(sentence, dead)
            if parse is not None:
                # victims named one by one, which no number states (`killed his wife, X, and son, Y`)
                killed, injured = with_listed((killed, injured), listed_victims(parse))
            if rules.suicide_re.search(sentence) and not rules.not_fatal_re.search(sentence):
                # `killed his daughter before turning the gun on himself`: the doer is dead too
                killed = (killed or 0) + 1
            ctx = SentenceContext(
                article_id,
                sent_idx,
                start,
                sentence,
                parse,
                cands,
                [m for m in actors if m["origin"] != AGENT_ORIGIN],
                [m for m in ments if m["origin"] == "capital"],
                places + countries,
                pub,
                dates_in(sentence, pub),
                (killed, injured),
                last_named.get(article_id),
                labels=actors if any(m["origin"] == AGENT_ORIGIN for m in actors) else [],
            )
            drafts = {d.hit.start: d for hit, trig in cands.hits if (d := draft(rules, ctx, hit, trig)) is not None}
            story = [(d.hit, d.trig) for d in drafts.values() if not d.background]
            picked, main = choose(rules, story, parse, cands)
            # an act of another time the sentence recalls (`since 2015, when 50 were killed`)
            # is its own row, flagged background, so its toll is seen and never added
            recalled, _ = choose(rules, [(d.hit, d.trig) for d in drafts.values() if d.background], parse, cands)
            picked = sorted(picked + recalled[:1], key=lambda ht: ht[0].start)
            main = main or (recalled[0][0] if recalled else None)
            background_spans = [
                span for d in drafts.values() if d.background and d.spans is not None for span in d.spans
            ]
            tallies = tally_spans(rules, ctx)
            place, in_sentence = place_of(places, countries, earlier, sentence, start)
            if in_sentence:
                place = finer_place(place, places, parse, start)
            bases = {m.start: features(drafts[m.start], ctx, place, in_sentence, m is main) for m, _ in picked}
            # the act the sentence asserts ranks first: another act of it is worth at most 0.8 of it
            ceiling = 0.8 * confidence(bases[main.start], rules.confidence_weights) if main is not None else 1.0
            g = geo.get(place["entity_id"]) if place else None
            for m, _ in picked:
                d = drafts[m.start]
                trig, source, target, when = d.trig, d.source, d.target, d.when
                # the field's agent nouns fill a role the text's own actors left empty, as labels
                # a place in the target's slot is shown first, beside what word order gave the coding
                shown = {"source": source or d.label_source, "target": [*d.placed, *target] or d.label_target}
                if in_sentence and g and g["country_iso3"]:
                    for role, on in (("source", PLACE_SOURCE), ("target", PLACE_TARGET)):
                        if on and not shown[role]:
                            shown[role] = [_placed(place, g["country_iso3"], role)]
                violent = trig.event_type in VIOLENT_TYPES
                counts = _casualties(rules, ctx, d, background_spans, tallies) if violent else (None, None)
                bare = counts[1] is not None and counts[0] is None and not d.background
                if bare and rules.casualties.struck(sentence) == counts[1]:
                    struck.add(len(events))  # everyone shot, the dead among them
                t_start = start + m.start
                basis = bases[m.start]
                precision = 2 if place and place["origin"] == "locality" else (g and g["geo_precision"])
                country = (g and g["country_iso3"]) or next(
                    (a["country_iso3"] for a in target if a["country_iso3"]), None
                )
                mode = trig.mode or (rules.mode_of(sentence) if trig.quad_class == 4 else None)
                event_type, acled_type = _acled_type(trig, mode, source, target)
                acled_type, acled_sub_type = _acled_sub_type(
                    rules, acled_type, event_type, mode, sentence, m, source, target
                )
                event_id = stable_id("event", article_id, sent_idx, t_start, event_type)
                events.append(
                    {
                        "event_id": event_id,
                        "article_id": article_id,
                        "sent_idx": sent_idx,
                        "evidence": sentence,
                        "evidence_start": start,
                        "evidence_end": end,
                        "trigger": m.text,
                        "trigger_start": t_start,
                        "event_type": event_type,
                        "mode": mode,
                        "cameo_root": trig.cameo_root,
                        "quad_class": trig.quad_class,
                        "acled_type": acled_type,
                        "acled_sub_type": acled_sub_type,
                        "source_text": ", ".join(a["surface"] for a in shown["source"]) or None,
                        "target_text": ", ".join(a["surface"] for a in shown["target"]) or None,
                        "location_text": place["surface"] if place else None,
                        "location_entity_id": place["entity_id"] if place else None,
                        "location_from": ("sentence" if in_sentence else "article") if place else None,
                        "lat": g["lat"] if g and precision != 4 else None,
                        "lon": g["lon"] if g and precision != 4 else None,
                        "country_iso3": country,
                        "geo_precision": precision,
                        "event_date": when.value,
                        "date_precision": when.precision,
                        "date_text": when.text,
                        "killed": counts[0],
                        "injured": counts[1],
                        "negated": d.negated,
                        "hypothetical": d.hypothetical,
                        "background": d.background,
                        "recalled": d.recalled,
                        "confidence": confidence(
                            basis, rules.confidence_weights, d.negated, d.hypothetical, 1.0 if m is main else ceiling
                        ),
                        "confidence_basis": "+".join(basis),
                        "cluster_id": None,  # set across events by `clusters.with_clusters`
                    }
                )
                home = homes.get(article_id)
                for role, group in shown.items():
                    for idx, a in enumerate(group):
                        actor_country = a["country_iso3"] or (home if a["sector"] in STATE_SECTORS else None)
                        actors_out.append(
                            {
                                "event_id": event_id,
                                "role": role,
                                "entity_id": a["entity_id"],
                                "text": a["surface"],
                                "country_iso3": actor_country,
                                "sector": a["sector"],
                                "actor_idx": idx,
                                "code_reason": _REASONS.get(a["origin"]),
                            }
                        )
        violent = [i for i in range(first_new, len(events)) if events[i]["event_type"] in VIOLENT_TYPES]
        if violent:
            last_violent[article_id] = (sent_idx, violent)
        elif article_id in last_violent and not _another_time(rules, sentence, published.get(article_id)):
            _carry_casualties(rules.casualties.read(sentence), sent_idx, last_violent[article_id], events)
        earlier.extend(places)
        person = last_person(ments)
        if person is not None:
            last_named[article_id] = person
    place_on_story(events, places_so_far, geo, homes)
    recall_follow_ups(events)
    survivors_of_struck(events, struck)
    ev = pl.DataFrame(events, schema=EVENT_SCHEMA).unique("event_id", keep="first", maintain_order=True)
    ac = pl.DataFrame(actors_out, schema=ACTOR_SCHEMA).unique(["event_id", "role", "actor_idx"], keep="first")
    return ev, ac
