"""Entity mentions from sentences, resolved against the lexicon.

A first, dictionary-driven recogniser (the NER issue replaces the span finder with a
statistical model and keeps this resolution layer):
1. longest-match lookup of token n-grams in the lexicon (organisations, countries, demonyms,
   capitals, gazetteer places, sector keywords);
2. compound actors: a country or demonym followed by a sector keyword (`Syrian army`,
   `Russia's foreign ministry`) becomes one group actor with that country and sector;
3. people: capitalised names after a title from `seeds/titles.csv` (`Deputy Foreign Minister
   Mikhail Bogdanov`), later mentions by surname resolve to the same person;
4. places not in the gazetteer but placed by the text (`Damascus' Qadam neighborhood`)
   resolve to the enclosing place with geo_precision 2.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

import polars as pl

from transforms.gazetteer import DIRECTION_WORDS
from transforms.ids import stable_id
from transforms.lexicon import Entry, Lexicon, group_entity_id
from transforms.text_norm import norm_name

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
}

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[\w]+(?:[-'’][\w]+)*(?:['’]s?)?")
_LOCALITY_WORDS = frozenset(
    "neighborhood neighbourhood district suburb quarter area camp village town district municipality".split()
)
_CONNECTORS = frozenset({"al", "el", "ad", "as", "ash", "ar", "an", "at", "az", "bin", "ibn", "de", "la", "of"})


@dataclass(frozen=True)
class Tok:
    text: str
    start: int
    end: int

    @property
    def capitalised(self) -> bool:
        head = self.text.split("-", 1)
        if head[0].lower() in {"al", "el"} and len(head) > 1:
            return head[1][:1].isupper()
        return self.text[:1].isupper()

    @property
    def possessive(self) -> bool:
        return self.text.endswith(("'s", "’s", "'", "’"))


@dataclass
class Mention:
    start: int
    end: int
    surface: str
    entry: Entry


def tokenize(sentence: str, offset: int = 0) -> list[Tok]:
    return [Tok(m.group(0), offset + m.start(), offset + m.end()) for m in _TOKEN.finditer(sentence)]


def region_key(entry: Entry) -> str | None:
    """`USA.GA`: the country and admin-1 region a place lies in, as kept in an article's context."""
    return f"{entry.country_iso3}.{entry.admin1}" if entry.kind == "place" and entry.admin1 else None


def _choose(cands: list[Entry], context: set[str]) -> Entry:
    """Best meaning of a phrase: by source priority, then a place in a region the article
    already names, then in a country it names, then the most populous.

    `context` holds ISO3 codes and region keys (`USA.GA`). A country name that is also a
    region of another country (`Georgia`) reads as the region when the article has named
    places inside that other country and nothing of the country itself."""
    top = cands[0].source
    same = [c for c in cands if c.source == top]
    if top == "country" and same[0].country_iso3 not in context:
        regions = [
            c
            for c in cands
            if c.source == "place" and c.geo_precision == 3 and any(k.startswith(f"{c.country_iso3}.") for k in context)
        ]
        if regions:
            return regions[0]
    if top == "capital" and context and same[0].country_iso3 not in context:
        # A capital abroad gives way only to strong local evidence: a namesake in a region the
        # article names (`Paris` in a story about Texas) or a region of a country it names
        # (`Victoria` in an Australian story).
        places = [c for c in cands if c.source == "place"]
        strong = [c for c in places if region_key(c) in context] or [
            c for c in places if c.geo_precision == 3 and c.country_iso3 in context
        ]
        if strong:
            return strong[0]
    if top == "place" and context:
        regional = [c for c in same if region_key(c) in context]
        if regional:
            return regional[0]
        local = [c for c in same if c.country_iso3 in context]
        if local:
            return local[0]
    return same[0]


def _match_dictionary(toks: list[Tok], sentence: str, offset: int, lex: Lexicon, context: set[str]) -> list[Mention]:
    found: list[Mention] = []
    norms = [norm_name(t.text) for t in toks]
    i = 0
    while i < len(toks):
        hit = None
        # Grow the phrase while it is still the start of some dictionary key; try longest first.
        keys: list[str] = []
        key = ""
        for j in range(i, min(i + lex.max_tokens, len(toks))):
            key = f"{key} {norms[j]}" if key else norms[j]
            keys.append(key)
            if key not in lex.prefixes:
                break
        for n in range(len(keys), 0, -1):
            span = sentence[toks[i].start - offset : toks[i + n - 1].end - offset]
            cands = lex.lookup(keys[n - 1])
            if not cands:
                continue
            if cands[0].needs_capital and not toks[i].capitalised:
                cands = [c for c in cands if not c.needs_capital]
                if not cands:
                    continue
            if n == 1 and i == 0 and cands[0].source == "place" and cands[0].population < 100_000:
                continue  # a sentence-initial capital is weak evidence for a small place
            hit = Mention(toks[i].start, toks[i + n - 1].end, span, _choose(cands, context))
            i += n
            break
        if hit is None:
            i += 1
        else:
            found.append(hit)
    return found


def _strip_possessive(text: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def _compound_groups(mentions: list[Mention], sentence: str, offset: int) -> list[Mention]:
    """Country/demonym (+ up to two words) + sector keyword -> one actor with both."""
    if not mentions:
        return []
    out: list[Mention] = []
    skip = False
    for a, b in zip(mentions, [*mentions[1:], None], strict=True):
        if skip:
            skip = False
            continue
        if (
            b is not None
            and a.entry.source in {"country", "demonym", "capital", "place"}
            and b.entry.source in {"sector", "organization"}
            and (a.entry.source in {"country", "demonym", "capital"} or b.surface[:1].isupper())
            and len(sentence[a.end - offset : b.start - offset].split()) <= 2
            and not re.search(r"[,;.]|\band\b", sentence[a.end - offset : b.start - offset])
        ):
            iso3 = a.entry.country_iso3
            surface = sentence[a.start - offset : b.end - offset]
            if a.entry.kind == "place" and b.surface[:1].isupper():
                # "Damascus Hospital": a named organisation located by its place name
                entry = Entry(
                    "named",
                    stable_id("organization", norm_name(surface)),
                    surface,
                    "organization",
                    "ORG",
                    iso3,
                    b.entry.sector,
                )
            elif b.entry.source == "organization":
                entry = b.entry if b.entry.country_iso3 else replace(b.entry, country_iso3=iso3)
            else:
                entry = replace(
                    b.entry,
                    source="group",
                    entity_id=group_entity_id(iso3, b.entry.sector),
                    name=f"{a.entry.name} ({b.entry.sector})",
                    country_iso3=iso3,
                    needs_capital=False,
                )
            out.append(Mention(a.start, b.end, surface, entry))
            skip = True
        else:
            out.append(a)
    return out


def _people(toks: list[Tok], mentions: list[Mention], lex: Lexicon, sentence: str, offset: int) -> list[Mention]:
    """Capitalised names that follow a title: `Dr. Muhannad Fallouh`, `Foreign Minister X Y`.
    The person's country comes from a country, demonym or compound actor ending right before
    the name (`Russia's Deputy Foreign Minister Mikhail Bogdanov` -> RUS)."""
    covered = [(m.start, m.end) for m in mentions]
    found = []
    free = [t for t in toks if not any(s <= t.start < e for s, e in covered)]
    norms = [norm_name(t.text) for t in toks]
    for i in range(len(toks)):
        title_sector = None
        title_len = 0
        for n in range(min(4, i + 1), 0, -1):
            key = " ".join(norms[i - n + 1 : i + 1])
            if key in lex.titles:
                title_sector, title_len = lex.titles[key], n
                break
        if not title_len:
            continue
        j = i + 1
        name: list[Tok] = []
        while j < len(toks) and toks[j] in free and toks[j].capitalised and len(name) < 4:
            name.append(toks[j])
            j += 1
        if len(name) < 2:
            continue
        surface = sentence[name[0].start - offset : name[-1].end - offset]
        surface = _strip_possessive(surface)
        title_start = toks[i - title_len + 1].start
        owner = next(
            (
                m.entry
                for m in reversed(mentions)
                if m.entry.country_iso3 and title_start - 3 <= m.end <= name[0].start and m.entry.kind != "place"
            ),
            None,
        )
        entry = Entry(
            "person",
            stable_id("person", norm_name(surface)),
            surface,
            "person",
            "PER",
            owner.country_iso3 if owner else None,
            title_sector,
            needs_capital=True,
        )
        found.append(Mention(name[0].start, name[0].start + len(surface), surface, entry))
    return found


def _localities(toks: list[Tok], mentions: list[Mention], sentence: str, offset: int) -> list[Mention]:
    """`Damascus' Qadam neighborhood`: an unknown name placed inside a known place."""
    found = []
    by_start = {m.start: m for m in mentions if m.entry.kind == "place"}
    for i in range(len(toks) - 2):
        host = by_start.get(toks[i].start)
        if host is None or not toks[i].possessive:
            continue
        j = i + 1
        name = []
        while j < len(toks) and toks[j].capitalised and not any(m.start <= toks[j].start < m.end for m in mentions):
            name.append(toks[j])
            j += 1
        if name and j < len(toks) and toks[j].text.lower() in _LOCALITY_WORDS:
            surface = sentence[name[0].start - offset : name[-1].end - offset]
            entry = replace(host.entry, source="locality", name=host.entry.name, geo_precision=2)
            found.append(Mention(name[0].start, name[-1].end, surface, entry))
    return found


def _other_names(toks: list[Tok], covered: list[tuple[int, int]], sentence: str, offset: int) -> list[Mention]:
    """Remaining multi-word capitalised names inside a sentence (not its first word):
    kept as unresolved LOC/ORG-or-PER candidates so nothing the text names is silently lost."""
    found = []
    i = 1
    while i < len(toks):
        t = toks[i]
        if t.capitalised and not any(s <= t.start < e for s, e in covered):
            j = i
            while (
                j + 1 < len(toks)
                and (
                    toks[j + 1].capitalised
                    or (toks[j + 1].text.lower() in _CONNECTORS and j + 2 < len(toks) and toks[j + 2].capitalised)
                )
                and not any(s <= toks[j + 1].start < e for s, e in covered)
            ):
                j += 1
            if j > i:
                surface = _strip_possessive(sentence[t.start - offset : toks[j].end - offset])
                entry = Entry(
                    "unknown",
                    stable_id("name", norm_name(surface)),
                    surface,
                    "organization",
                    "MISC",
                    needs_capital=True,
                )
                found.append(Mention(t.start, t.start + len(surface), surface, entry))
            i = j + 1
        else:
            i += 1
    return found


def _owner_country(mentions: list[Mention], title_start: int, name_start: int) -> str | None:
    """The country of an actor ending right before a person's title or name
    ("Russia's Deputy Foreign Minister X", "French President X")."""
    owner = next(
        (
            m.entry
            for m in reversed(mentions)
            if m.entry.country_iso3 and title_start - 3 <= m.end <= name_start and m.entry.kind != "place"
        ),
        None,
    )
    return owner.country_iso3 if owner else None


def _title_before(toks: list[Tok], start: int, lex: Lexicon) -> tuple[str | None, int] | None:
    """(sector, title start) of a person title that ends right before `start`, if any."""
    before = [t for t in toks if t.end <= start]
    norms = [norm_name(t.text) for t in before[-4:]]
    for n in range(len(norms), 0, -1):
        key = " ".join(norms[-n:])
        if key in lex.titles:
            return lex.titles[key], before[-n].start
    return None


def _resolve_span(
    start: int,
    end: int,
    label: str,
    surface: str,
    inner: list[Mention],
    lex: Lexicon,
    context: set[str],
    toks: list[Tok],
    prior: list[Mention],
    people: dict[str, Entry],
) -> Mention | None:
    """A named-entity span from the model, resolved: the dictionary first (the whole span, then
    the span without a leading `al-`/`the`), then rules by label. Unresolved places keep
    their text with no entity: a name we cannot place is never guessed."""
    key = norm_name(surface)
    cands = lex.lookup(key, small_places=label in {"GPE", "LOC", "FAC"})
    if cands:
        return Mention(start, end, surface, _choose(cands, context))
    head, _, rest = key.partition(" ")
    if head in DIRECTION_WORDS and rest and label in {"GPE", "LOC", "FAC", "NORP"}:
        # only a whole that parts are named after: a country, a region, a continent or a city
        inside = [
            c
            for c in lex.lookup(rest, small_places=True)
            if c.kind == "country" or (c.kind == "place" and ((c.geo_precision or 1) >= 3 or c.population >= 100_000))
        ]
        if inside:
            whole = _choose(inside, context)
            return Mention(start, end, surface, replace(whole, geo_precision=max(whole.geo_precision or 1, 2)))
    if label == "PER":
        last = key.split(" ")[-1] if key else ""
        if " " not in key and last in people:
            return Mention(start, end, surface, people[last])
        title = _title_before(toks, start, lex)
        country = _owner_country(prior, title[1] if title else start, start)
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
    # GPE / LOC / FAC not in the gazetteer: kept, unresolved
    return Mention(start, end, surface, Entry("unknown", stable_id("name", key), surface, "place", label))


def find_mentions(
    articles: pl.DataFrame,
    sentences: pl.DataFrame,
    lex: Lexicon,
    ner_spans: dict[str, list[tuple[int, int, str]]] | None = None,
) -> pl.DataFrame:
    """All mentions of all sentences, one row each, with the resolved entity's attributes.

    With `ner_spans` (article_id -> model spans), the model decides where names are and the
    dictionary decides what they are; without, dictionary matches and capitalisation rules
    find the names."""
    rows: list[tuple] = []
    for article_id, group in sentences.group_by("article_id", maintain_order=True):
        aid = article_id[0] if isinstance(article_id, tuple) else article_id
        text_spans = None if ner_spans is None else sorted(ner_spans.get(aid, []))
        context = _article_countries(text_spans, group, lex)
        people: dict[str, Entry] = {}
        for sent_idx, start, end, sentence in group.select(
            "sent_idx", "char_start", "char_end", "sentence"
        ).iter_rows():
            toks = tokenize(sentence, start)
            dictionary = _compound_groups(_match_dictionary(toks, sentence, start, lex, context), sentence, start)
            if text_spans is None:
                mentions = _rule_mentions(toks, dictionary, sentence, start, lex, people)
            else:
                mentions = _model_mentions(
                    toks,
                    dictionary,
                    sentence,
                    start,
                    end,
                    lex,
                    context,
                    people,
                    _spans_within(text_spans, start, end),
                )
            context.update(m.entry.country_iso3 for m in mentions if m.entry.country_iso3)
            context.update(k for m in mentions if (k := region_key(m.entry)))
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


def _article_countries(spans: list[tuple[int, int, str]] | None, group: pl.DataFrame, lex: Lexicon) -> set[str]:
    """Countries and regions the article names outright (a country, its demonym, a capital, a
    state or province), read before any place is resolved, so that the first "Alexandria" of a
    Louisiana story is already read in the United States. A name that is both a country and a
    region elsewhere (`Georgia`) is left for the resolver to decide."""
    if not spans:
        return set()
    found: set[str] = set()
    rows = group.select("char_start", "char_end", "sentence").rows()
    starts = [r[0] for r in rows]
    for s, e, label in spans:
        if label not in {"GPE", "NORP", "LOC"}:
            continue
        i = bisect_right(starts, s) - 1
        if i < 0 or e > rows[i][1]:
            continue  # a span across sentences
        row = rows[i]
        cands = lex.lookup(norm_name(row[2][s - row[0] : e - row[0]]), small_places=True)
        best = cands[0] if cands else None
        if best is None or not best.country_iso3:
            continue
        if best.source == "country" and any(c.source == "place" and c.geo_precision == 3 for c in cands):
            continue
        if best.source in {"country", "demonym", "capital"}:
            found.add(best.country_iso3)
        elif best.geo_precision == 3 and best.population >= 10_000:
            found.add(best.country_iso3)
            found.add(region_key(best) or best.country_iso3)
    return found


def _model_mentions(
    toks: list[Tok],
    dictionary: list[Mention],
    sentence: str,
    start: int,
    end: int,
    lex: Lexicon,
    context: set[str],
    people: dict[str, Entry],
    spans: list[tuple[int, int, str]],
) -> list[Mention]:
    """Model spans resolved against the dictionary, plus what the model does not tag: generic
    actors (`militants`, `Syrian army`), known organisations and countries, and
    neighbourhoods placed by the text."""
    mentions: list[Mention] = []
    for s, e, label in spans:
        inner = [m for m in dictionary if m.start < e and m.end > s]
        outer = [m for m in inner if m.start <= s and m.end >= e and m.end - m.start > e - s]
        if outer:  # a longer dictionary phrase ("Syrian army") already covers the model's span
            continue
        surface = sentence[s - start : e - start]
        resolved = _resolve_span(s, e, label, surface, inner, lex, context, toks, dictionary + mentions, people)
        if resolved is None:
            continue
        if resolved.entry.kind == "person" and " " in resolved.surface:
            people[norm_name(resolved.surface).split(" ")[-1]] = resolved.entry
        mentions.append(resolved)
    taken = [(m.start, m.end) for m in mentions]
    for m in dictionary:
        if any(m.start < te and m.end > ts for ts, te in taken):
            continue
        if m.entry.source == "place" and m.entry.population < 1_000_000:
            continue  # a small place the model did not see as a name is usually a common word
        mentions.append(m)
    localities = _localities(toks, [m for m in mentions if m.entry.kind == "place"], sentence, start)
    for loc in localities:  # "Damascus' Qadam neighborhood": the text places what the model mislabels
        mentions = [m for m in mentions if not (m.start < loc.end and m.end > loc.start)] + [loc]
    return mentions


def _rule_mentions(
    toks: list[Tok], dictionary: list[Mention], sentence: str, start: int, lex: Lexicon, people: dict[str, Entry]
) -> list[Mention]:
    """Without a model: dictionary matches, titles before names, and capitalised sequences."""
    mentions = dictionary + _localities(toks, dictionary, sentence, start)
    covered = [(m.start, m.end) for m in mentions]
    persons = _people(toks, mentions, lex, sentence, start)
    for p in persons:
        people[norm_name(p.surface).split()[-1]] = p.entry
    mentions += persons
    covered += [(m.start, m.end) for m in persons]
    for tok in toks:  # a surname alone resolves to the person named earlier
        last = norm_name(tok.text)
        if last in people and tok.capitalised and not any(s <= tok.start < e for s, e in covered):
            surface = _strip_possessive(tok.text)
            mentions.append(Mention(tok.start, tok.start + len(surface), surface, people[last]))
            covered.append((tok.start, tok.end))
    return mentions + _other_names(toks, covered, sentence, start)


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
            seen[eid] = _entity_row(base)
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
            }
    return pl.DataFrame(list(seen.values()), schema=ENTITY_SCHEMA)


def _group_name(row: dict, lex: Lexicon) -> str:
    country = lex.countries.get(row["country_iso3"] or "")
    sector = row["sector"] or "?"
    return f"{country.name} ({sector})" if country else f"{sector} (country unknown)"


def _entity_row(e: Entry) -> dict:
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
    }
