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
from dataclasses import dataclass, replace

import polars as pl

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


def _choose(cands: list[Entry], context: set[str]) -> Entry:
    """Best meaning of a phrase: by source priority, then a place in a country the article
    already names, then the most populous."""
    top = cands[0].source
    same = [c for c in cands if c.source == top]
    if top == "place" and context:
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
    by_end = {m.end: m for m in mentions if m.entry.kind == "place"}
    for i in range(len(toks) - 2):
        host = by_end.get(toks[i].end)
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


def find_mentions(articles: pl.DataFrame, sentences: pl.DataFrame, lex: Lexicon) -> pl.DataFrame:
    """All mentions of all sentences, one row each, with the resolved entity's attributes."""
    rows: list[tuple] = []
    for article_id, group in sentences.group_by("article_id", maintain_order=True):
        context: set[str] = set()
        people: dict[str, Entry] = {}
        for sent_idx, start, sentence in group.select("sent_idx", "char_start", "sentence").iter_rows():
            toks = tokenize(sentence, start)
            mentions = _compound_groups(_match_dictionary(toks, sentence, start, lex, context), sentence, start)
            context.update(m.entry.country_iso3 for m in mentions if m.entry.country_iso3)
            mentions += _localities(toks, mentions, sentence, start)
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
            mentions += _other_names(toks, covered, sentence, start)
            for m in mentions:
                e = m.entry
                rows.append(
                    (
                        article_id[0] if isinstance(article_id, tuple) else article_id,
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
                "name": row["surface"] if row["kind"] == "person" else _group_name(row, lex),
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
