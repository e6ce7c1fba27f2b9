"""Events from sentences: who did what to whom, where, when, and with how many casualties.

A first, pattern-driven coder (the events issue deepens it). Triggers, modes, number words and
negation/hypothesis cues are data in `seeds/`. Per sentence it codes the strongest verbal and the
strongest material trigger (so `condemned a missile attack` gives both the condemnation and
the attack), takes actors from the mentions around the trigger (coordinated lists become one
actor row each, `by` marks the source of a passive or a noun trigger), the place from the
sentence or else the nearest earlier place, the date from `event_dates`, and the casualty
counts from `casualties`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

import polars as pl

from transforms.casualties import CasualtyReader, listed_victims
from transforms.event_dates import resolve_date
from transforms.event_frames import RECODED, FrameCues, frame
from transforms.event_roles import (
    argument_tokens,
    back_reference,
    nominal,
    prominence,
    pronoun_subject,
    roles,
    trigger_marks,
)
from transforms.event_roles import negated as syntax_negated
from transforms.ids import stable_id
from transforms.lexicon import country_entity_id
from transforms.syntax import Parse

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
    "source_text": pl.String,
    "target_text": pl.String,
    "location_text": pl.String,
    "location_entity_id": pl.String,
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
    "confidence": pl.Float64,
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
}

_ACTOR_KINDS = {"country", "organization", "group", "person"}
_LOCATION_PREP = re.compile(r"\b(?:in|near|at|outside|around|on|across|into|from|inside|over)\s+(?:the\s+)?$", re.I)
_COORDINATION = re.compile(r"^(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+|\s+&\s+)$", re.I)
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")
_BY = re.compile(r"\bby\s+(?:the\s+)?$", re.I)
_ON = re.compile(r"\b(?:on|against|at|targeting|toward|towards|with)\s+(?:the\s+)?$", re.I)


@dataclass(frozen=True)
class Trigger:
    form: str
    event_type: str
    mode: str | None
    cameo_root: str | None
    quad_class: int | None
    acled_type: str | None
    priority: int


@dataclass(frozen=True)
class EventRules:
    """Compiled trigger, mode and cue patterns, built once from the seed tables."""

    triggers: dict[str, Trigger]  # lower-case surface form, words joined by one space
    prefixes: set[str]  # leading word runs of multi-word forms
    max_words: int
    mode_re: re.Pattern[str]  # one alternation, a named group per row of event_modes.csv
    mode_names: list[str]
    negation_re: re.Pattern[str]
    hypothetical_re: re.Pattern[str]
    casualties: CasualtyReader
    frame_cues: FrameCues  # words that make promises, threats, demands and reversals of a trigger

    @property
    def reporting(self) -> frozenset[str]:
        """Verbs that report speech (`said`): their complement is the assertion."""
        return self.frame_cues.reporting

    def has_trigger(self, sentence: str) -> bool:
        """Whether any trigger occurs in the sentence (which sentences are worth parsing)."""
        return bool(find_triggers(self, sentence))

    def mode_of(self, sentence: str) -> str | None:
        """The mode a sentence's wording reveals (`missiles` -> missile), if any."""
        m = self.mode_re.search(sentence)
        return self.mode_names[int(m.lastgroup[1:])] if m and m.lastgroup else None

    @classmethod
    def build(
        cls, patterns: pl.DataFrame, modes: pl.DataFrame, cues: pl.DataFrame, number_words: pl.DataFrame
    ) -> EventRules:
        triggers: dict[str, Trigger] = {}
        for row in patterns.sort("priority", descending=False).iter_rows(named=True):
            for form in expand_forms(str(row["pattern"])):
                form = " ".join(_WORD.findall(form.lower()))
                if not form:
                    continue
                triggers[form] = Trigger(
                    form,
                    row["event_type"],
                    row.get("mode") or None,
                    None if row.get("cameo_root") is None else str(row["cameo_root"]).zfill(2),
                    row.get("quad_class"),
                    row.get("acled_type") or None,
                    int(row.get("priority") or 5),
                )
        prefixes = {" ".join(f.split()[:j]) for f in triggers for j in range(1, len(f.split()))}
        mode_names = [mode for _, mode in modes.select("pattern", "mode").iter_rows()]
        mode_re = re.compile(
            r"\b(?:"
            + "|".join(
                f"(?P<m{i}>" + "|".join(re.escape(p.strip()) for p in str(pat).split("|") if p.strip()) + ")"
                for i, (pat, _) in enumerate(modes.select("pattern", "mode").iter_rows())
            )
            + r")\b",
            re.I,
        )

        def cue_set(kind: str) -> frozenset[str]:
            return frozenset(cues.filter(pl.col("kind") == kind)["cue"].str.to_lowercase().to_list())

        def cue_re(kind: str) -> re.Pattern[str]:
            words = cues.filter(pl.col("kind") == kind)["cue"].to_list()
            return re.compile(r"(?:\b|(?<=n))(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)

        return cls(
            triggers,
            prefixes,
            max(len(f.split()) for f in triggers),
            mode_re,
            mode_names,
            cue_re("negation"),
            cue_re("hypothetical"),
            CasualtyReader.build(number_words),
            FrameCues(*(cue_set(k) for k in ("future", "intent", "condition", "obligation", "reversal", "reporting"))),
        )


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


@dataclass(frozen=True)
class Hit:
    """A trigger found in a sentence; offsets are relative to the sentence."""

    start: int
    end: int
    text: str


def _split_top(text: str) -> list[str]:
    """`a|{b|c} d` -> [`a`, `{b|c} d`]: split on the bars outside braces."""
    parts, depth, current = [], 0, []
    for ch in text:
        depth += (ch == "{") - (ch == "}")
        if ch == "|" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def expand_forms(pattern: str) -> list[str]:
    """The word forms of a seed pattern: alternatives split on `|`, and each `{x|y|}` group
    one of its choices (an empty choice makes it optional), so that
    `{set up|established} {a new|} {military base|observation post}` stays one readable cell."""
    out: list[str] = []
    for alternative in _split_top(pattern):
        start = alternative.find("{")
        if start < 0:
            out.append(" ".join(alternative.split()))
            continue
        depth, end = 0, start
        for end in range(start, len(alternative)):
            depth += (alternative[end] == "{") - (alternative[end] == "}")
            if depth == 0:
                break
        head, tail = alternative[:start], alternative[end + 1 :]
        for choice in _split_top(alternative[start + 1 : end]):
            out += expand_forms(f"{head}{choice}{tail}")
    return out


def find_triggers(rules: EventRules, sentence: str) -> list[tuple[Hit, Trigger]]:
    """Every trigger in the sentence, longest match first at each word (`chemical weapons
    attack` over `attack`). A dictionary walk over words: a regex alternation of thousands of
    forms costs milliseconds a sentence."""
    words = list(_WORD.finditer(sentence))
    lowered = [w.group(0).lower() for w in words]
    hits: list[tuple[Hit, Trigger]] = []
    i = 0
    while i < len(words):
        key, best = "", None
        for j in range(i, min(i + rules.max_words, len(words))):
            key = f"{key} {lowered[j]}" if key else lowered[j]
            if key in rules.triggers:
                best = j
            if key not in rules.prefixes:
                break
        if best is None:
            i += 1
            continue
        start, end = words[i].start(), words[best].end()
        form = " ".join(lowered[i : best + 1])
        hits.append((Hit(start, end, sentence[start:end]), rules.triggers[form]))
        i = best + 1
    return hits


@dataclass(frozen=True)
class _Picked:
    """The triggers a sentence codes, and what the parse says about them."""

    hits: list[tuple[Hit, Trigger]]
    main: Hit | None  # the act the sentence asserts
    heads: dict[int, int | None]  # hit start -> its head token (empty without a parse)
    marks: list[bool] | None  # per token, whether a trigger covers it (None without a parse)


def _headline_case(sentence: str) -> bool:
    """Most words capitalised (`Rebels Attack Army Post In Kabul`): capitals say nothing there."""
    words = [w for w in sentence.split() if w[:1].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) > 0.6 * len(words)


def _in_a_name(parse: Parse, sentence: str, token: int) -> bool:
    """Whether a capitalised noun trigger inside the sentence is a word of a title or a name
    (`Planning and Investment Minister`, `the Peace Corps`), not an act."""
    head = parse.heads[token]
    word = sentence[parse.starts[token] : parse.ends[token]]
    if not word[:1].isupper() or word.isupper() or _headline_case(sentence):
        return False
    while parse.deps[token] in ("compound", "conj", "nmod") and head != token and parse.is_noun(head):
        if parse.deps[token] != "conj" and parse.pos[head] == "PROPN" and sentence[parse.starts[head]].isupper():
            return True
        token, head = head, parse.heads[head]
    return False


def _pick_triggers(rules: EventRules, sentence: str, parse: Parse | None) -> _Picked:
    """The strongest verbal and the strongest material trigger of a sentence, a more specific
    material act beside them when it has another type (`airstrike` beside `attack`), and the
    main one (what the sentence asserts). With a parse the strongest is the most prominent
    (see `event_roles.prominence`), then the highest priority; without one, the highest
    priority. Participles used as nouns (`the wounded`) are no trigger."""
    found = find_triggers(rules, sentence)
    heads: dict[int, int | None] = {}
    marks = None
    if parse is not None:
        marks = trigger_marks(parse, [(h.start, h.end) for h, _ in found])
        heads = {hit.start: parse.span_head(hit.start, hit.end) for hit, _ in found}
        found = [
            (h, tr)
            for h, tr in found
            if heads[h.start] is None
            or not (nominal(parse, heads[h.start]) or _in_a_name(parse, sentence, heads[h.start]))
        ]
        rank = {
            hit.start: (
                prominence(parse, heads[hit.start], marks, rules.reporting) if heads[hit.start] is not None else 9.0,
                -trig.priority,
            )
            for hit, trig in found
        }
    else:
        rank = {hit.start: (0.0, -trig.priority) for hit, trig in found}
    verbal = [ht for ht in found if ht[1].quad_class not in (2, 4)]
    material = [ht for ht in found if ht[1].quad_class in (2, 4)]
    if parse is not None:
        fresh = [ht for ht in material if heads[ht[0].start] is None or not back_reference(parse, heads[ht[0].start])]
        material = fresh or material
    picked = []
    if verbal:
        picked.append(min(verbal, key=lambda ht: rank[ht[0].start]))
    if material:
        general = min(material, key=lambda ht: rank[ht[0].start])
        specific = min(material, key=lambda ht: rank[ht[0].start][::-1])
        picked.append(general)
        g, sp = general[1], specific[1]
        if sp.priority > g.priority and (sp.event_type, sp.acled_type) != (g.event_type, g.acled_type):
            picked.append(specific)
    picked.sort(key=lambda ht: ht[0].start)
    main = min(picked, key=lambda ht: rank[ht[0].start])[0] if picked else None
    return _Picked(picked, main, heads, marks)


_ARMED = frozenset({"MIL", "REB", "COP", "INS", "SPY", "UAF"})
_REMOTE_MODES = frozenset(
    {"aerial", "missile", "artillery", "drone", "explosives", "suicide bombing", "chemical", "naval"}
)


def _acled_type(trig: Trigger, mode: str | None, source: list[dict], target: list[dict]) -> tuple[str, str | None]:
    """The PLOVER and ACLED types of a violent event, from who fought whom and how, where the
    trigger leaves them open: a remote means (`attack ... with drones`, `killed when an IED
    detonated`) makes Explosions/Remote violence; armed actors on both sides make a killing a
    battle for ACLED (PLOVER keeps ASSAULT for any killing, as its gold standard codes guerrillas
    killing soldiers); an unspecific `attack` on armed actors is a battle, on anyone else
    violence against civilians."""
    if trig.event_type not in ("FIGHT", "ASSAULT"):
        return trig.event_type, trig.acled_type
    armed_target = any(a["sector"] in _ARMED for a in target)
    if trig.event_type == "ASSAULT" and trig.acled_type == "Violence against civilians":
        if mode in _REMOTE_MODES:  # ACLED files a killing by bomb, shell or air strike by its means
            return trig.event_type, "Explosions/Remote violence"
        if armed_target and any(a["sector"] in _ARMED for a in source):
            return trig.event_type, "Battles"
        return trig.event_type, trig.acled_type
    if trig.acled_type:
        return trig.event_type, trig.acled_type
    if mode in _REMOTE_MODES:
        return trig.event_type, "Explosions/Remote violence"
    return trig.event_type, "Battles" if armed_target else "Violence against civilians"


def _location(
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


def _finer_place(place: dict | None, places: list[dict], parse: Parse | None, start: int) -> dict | None:
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


def _as_country(capital: dict) -> dict:
    """A capital's mention standing for its country (`Washington said`)."""
    return {**capital, "kind": "country", "entity_id": country_entity_id(capital["country_iso3"])}


def _capital_subject(capitals: list[dict], trigger_start: int, sentence: str, offset: int) -> list[dict]:
    """Capitals standing right before the verb act for their countries (metonymy)."""
    if not capitals:
        return []
    last = max((c for c in capitals if c["char_end"] <= trigger_start), key=lambda c: c["char_end"], default=None)
    if last is None or sentence[last["char_end"] - offset : trigger_start - offset].strip():
        return []
    return [_as_country(c) for c in capitals if c["char_end"] <= trigger_start]


def _linear_roles(
    actors: list[dict], capitals: list[dict], m: Hit, sentence: str, start: int
) -> tuple[list[dict], list[dict]]:
    """Source and target by word order, for sentences without a parse: the actors just before
    and just after the trigger, `by` marking the source of a passive or a noun trigger."""
    t_start = start + m.start
    before = [i for i, a in enumerate(actors) if a["char_end"] <= t_start]
    if not before:
        # "Washington, London and Paris targeted ...": capitals as the subject
        subject = _capital_subject(capitals, t_start, sentence, start)
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


def _untaken(mentions: list[dict], taken: set[int]) -> list[dict]:
    """Word-order actors that syntax has not already put in the other role."""
    return [a for a in mentions if a["char_start"] not in taken]


def _mentions_of(
    arguments: list[list[int]], parse: Parse, actors: list[dict], capitals: list[dict], start: int, as_source: bool
) -> list[dict]:
    """The actor mention of each argument (see `event_roles.argument_tokens`): the first of its
    tokens that an actor mention covers, or a named organisation in place of a generic group.
    One without a country takes the country of another
    mention in its phrase (`Russian President Boris Yeltsin`, `a group of Moroccan diplomats`).
    A capital in the source acts for its country (`Washington, London and Paris struck`)."""
    pool = actors + ([_as_country(c) for c in capitals] if as_source else [])
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


def _last_person(mentions: list[dict]) -> dict | None:
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


_STATE_SECTORS = frozenset({"MIL", "GOV", "COP"})


def home_countries(mentions: pl.DataFrame, min_share: float = 0.5) -> dict[str, str]:
    """Each article's home country: the one that at least `min_share` of its country-bearing
    mentions belong to. An unnamed army, government or police (`the army was advancing`) is
    that country's, as a reader of the article takes it. Two countries at half each leave the
    article without a home."""
    counts = (
        mentions.filter(pl.col("country_iso3").is_not_null())
        .group_by("article_id", "country_iso3")
        .len()
        .with_columns(share=pl.col("len") / pl.col("len").sum().over("article_id"))
        .filter(pl.col("share") >= min_share)
        .filter(pl.len().over("article_id") == 1)
    )
    return dict(counts.select("article_id", "country_iso3").iter_rows())


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
            if not (events[i]["negated"] or events[i]["hypothetical"]) and (events[i][kind] or 0) < value:
                events[i][kind] = value


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
    actors_out: list[dict] = []
    places_so_far: dict[str, list[dict]] = {}
    last_person: dict[str, dict] = {}
    last_violent: dict[str, tuple[int, list[int]]] = {}
    homes = home_countries(mentions)
    for article_id, sent_idx, start, end, sentence in sentences.select(
        "article_id", "sent_idx", "char_start", "char_end", "sentence"
    ).iter_rows():
        ments = by_sentence.get((article_id, sent_idx), [])
        places = [m for m in ments if m["kind"] == "place" and m["entity_id"]]
        earlier = places_so_far.setdefault(article_id, [])
        parse = parses.get((article_id, sent_idx))
        picked = _pick_triggers(rules, sentence, parse)
        first_new = len(events)
        if picked.hits:
            base_actors = [m for m in ments if m["kind"] in _ACTOR_KINDS and m["entity_id"] is not None]
            capitals = [m for m in ments if m["origin"] == "capital"]
            countries = [m for m in ments if m["kind"] == "country" and m["label"] == "GPE"]
            pub = published.get(article_id)
            when = resolve_date(sentence, pub)
            killed, injured = rules.casualties.read(sentence)
            if parse is not None and (killed is None or injured is None):
                listed_killed, listed_injured = listed_victims(parse)
                killed = killed if killed is not None else listed_killed
                injured = injured if injured is not None else listed_injured
            place, in_sentence = _location(places, countries, earlier, sentence, start)
            if in_sentence:
                place = _finer_place(place, places, parse, start)
            for m, trig in picked.hits:
                t_start = start + m.start
                t = picked.heads.get(m.start)
                found = roles(parse, t, picked.marks) if t is not None else None
                if found is None:
                    source, target = _linear_roles(base_actors, capitals, m, sentence, start)
                else:
                    # syntax decides each role it finds an actor for; word order fills the rest
                    source = _mentions_of(found[0], parse, base_actors, capitals, start, as_source=True)
                    target = _mentions_of(found[1], parse, base_actors, capitals, start, as_source=False)
                    if not source or not target:
                        by_order = _linear_roles(base_actors, capitals, m, sentence, start)
                        taken = {a["char_start"] for a in source + target}
                        # a passive without `by` names no doer: word order must not invent one
                        agentless = bool(parse.kids(t, "auxpass")) and not source
                        source = source or ([] if agentless else _untaken(by_order[0], taken))
                        target = target or _untaken(by_order[1], taken)
                    if not source and pronoun_subject(parse, found[0]) and article_id in last_person:
                        source = [last_person[article_id]]  # `He also condemned ...`: the last person named
                window = sentence[max(0, m.start - 40) : m.start]
                negated = bool(rules.negation_re.search(window))
                hypothetical = bool(rules.hypothetical_re.search(window))
                fr = None
                if t is not None:
                    negated = negated or syntax_negated(parse, t)
                    fr = frame(parse, t, trig.event_type, trig.quad_class, rules.frame_cues, trig.mode)
                if fr is not None:
                    # the promise, threat, refusal, demand or reversal is itself what happened
                    negated = hypothetical = False
                    cameo, quad = RECODED[fr.event_type]
                    trig = replace(trig, event_type=fr.event_type, cameo_root=cameo, quad_class=quad, acled_type=None)
                    if fr.speaker is not None:
                        source = _mentions_of(
                            [argument_tokens(parse, fr.speaker)], parse, base_actors, capitals, start, True
                        )
                        target = _mentions_of(
                            [argument_tokens(parse, fr.addressee)], parse, base_actors, [], start, False
                        )
                g = geo.get(place["entity_id"]) if place else None
                precision = 2 if place and place["origin"] == "locality" else (g and g["geo_precision"])
                country = (g and g["country_iso3"]) or next(
                    (a["country_iso3"] for a in target if a["country_iso3"]), None
                )
                # what the event row can be checked against, then whether the sentence asserts it:
                # an event beside the main one (in a subordinate clause, a `following the deal`
                # phrase) is worth at most 0.8, so a sentence's main event always ranks first
                confidence = (
                    0.5 + 0.2 * bool(source) + 0.15 * bool(target) + (0.1 if in_sentence else 0.05 * bool(place))
                )
                confidence += 0.05 * bool(when.text) + 0.05 * (trig.priority >= 7)
                confidence = min(confidence, 1.0) * (1.0 if m is picked.main else 0.8)
                mode = trig.mode or (rules.mode_of(sentence) if trig.quad_class == 4 else None)
                event_type, acled_type = _acled_type(trig, mode, source, target)
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
                        "source_text": ", ".join(a["surface"] for a in source) or None,
                        "target_text": ", ".join(a["surface"] for a in target) or None,
                        "location_text": place["surface"] if place else None,
                        "location_entity_id": place["entity_id"] if place else None,
                        "lat": g["lat"] if g and precision != 4 else None,
                        "lon": g["lon"] if g and precision != 4 else None,
                        "country_iso3": country,
                        "geo_precision": precision,
                        "event_date": when.value,
                        "date_precision": when.precision,
                        "date_text": when.text,
                        "killed": killed if trig.quad_class == 4 else None,
                        "injured": injured if trig.quad_class == 4 else None,
                        "negated": negated,
                        "hypothetical": hypothetical,
                        "confidence": round(min(confidence, 1.0) * (0.6 if negated or hypothetical else 1.0), 3),
                        "cluster_id": None,  # set across events by `clusters.with_clusters`
                    }
                )
                home = homes.get(article_id)
                for role, group in (("source", source), ("target", target)):
                    for idx, a in enumerate(group):
                        actor_country = a["country_iso3"] or (home if a["sector"] in _STATE_SECTORS else None)
                        actors_out.append(
                            {
                                "event_id": event_id,
                                "role": role,
                                "entity_id": a["entity_id"],
                                "text": a["surface"],
                                "country_iso3": actor_country,
                                "sector": a["sector"],
                                "actor_idx": idx,
                            }
                        )
        violent = [i for i in range(first_new, len(events)) if events[i]["quad_class"] == 4]
        if violent:
            last_violent[article_id] = (sent_idx, violent)
        elif article_id in last_violent:
            _carry_casualties(rules.casualties.read(sentence), sent_idx, last_violent[article_id], events)
        earlier.extend(places)
        person = _last_person(ments)
        if person is not None:
            last_person[article_id] = person
    ev = pl.DataFrame(events, schema=EVENT_SCHEMA).unique("event_id", keep="first", maintain_order=True)
    ac = pl.DataFrame(actors_out, schema=ACTOR_SCHEMA).unique(["event_id", "role", "actor_idx"], keep="first")
    return ev, ac
