"""The dictionary-and-rules half of mention finding: tokens, dictionary phrases, compound
actors, people after titles, neighbourhoods placed by the text and other capitalised names.

`entities` runs these on every sentence; with an NER model they add what the model does not
tag (generic actors, `Syrian army`), without one they are the whole recogniser.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from transforms.ids import stable_id
from transforms.lexicon import Entry, Lexicon, group_entity_id
from transforms.text_norm import norm_name

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[\w]+(?:[-'’][\w]+)*(?:['’]s?)?")
LOCALITY_WORDS = frozenset(
    "neighborhood neighbourhood district suburb quarter area camp village town district municipality".split()
)
# words inside a name (`Deir el-Zour`, `Ali bin Hassan`, `Gulf of Aden`), never a name alone
CONNECTORS = frozenset({"al", "el", "ad", "as", "ash", "ar", "an", "at", "az", "bin", "ibn", "de", "la", "of"})


def capitalised(text: str) -> bool:
    """Whether a word or name starts with a capital (after an `al-`/`el-` prefix: `al-Assad`
    counts): a lower-case word is no proper name, whatever a model tags."""
    head = text.split("-", 1)
    if head[0].lower() in {"al", "el"} and len(head) > 1:
        return head[1][:1].isupper()
    return text[:1].isupper()


@dataclass(frozen=True)
class Tok:
    """A word of a sentence with its character offsets in the article."""

    text: str
    start: int
    end: int

    @property
    def capitalised(self) -> bool:
        """Starts with a capital (after an `al-`/`el-` prefix: `al-Assad` counts)."""
        return capitalised(self.text)

    @property
    def possessive(self) -> bool:
        """Ends in `'s` or a bare apostrophe (`Damascus'`)."""
        return self.text.endswith(("'s", "’s", "'", "’"))


@dataclass
class Mention:
    """A span of the article read as one dictionary entry (or a rule's new one)."""

    start: int
    end: int
    surface: str
    entry: Entry


def tokenize(sentence: str, offset: int = 0) -> list[Tok]:
    """The words of a sentence (dotted abbreviations and hyphenated names kept whole)."""
    return [Tok(m.group(0), offset + m.start(), offset + m.end()) for m in _TOKEN.finditer(sentence)]


def match_dictionary(
    toks: list[Tok], sentence: str, offset: int, lex: Lexicon, choose: Callable[[list[Entry], str], Entry | None]
) -> list[Mention]:
    """Longest dictionary phrases of a sentence, each read by `choose` from its candidates and
    normalised key (it may leave a place name unread: then a shorter phrase, or none, is
    taken)."""
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
            chosen = choose(cands, keys[n - 1])
            if chosen is None:
                continue
            hit = Mention(toks[i].start, toks[i + n - 1].end, span, chosen)
            i += n
            break
        if hit is None:
            i += 1
        else:
            found.append(hit)
    return found


def strip_possessive(text: str) -> str:
    """`Assad's` -> `Assad`: a name is stored without its possessive ending."""
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


# Words that open a noun phrase of their own (never inside `Syrian government forces`), and
# prepositions, which end one (`Palestinian riots against Israeli military` is two phrases).
_PHRASE_OPENERS = frozenset("a an the its his her their our this that these those".split())
_PREPOSITIONS = frozenset(
    "about above across after against along among around at before behind below beneath beside between beyond "
    "by despite during for from in inside into near of off on onto over per since than through to toward "
    "towards under until upon via with within without".split()
)
_PHRASE_BREAKS = _PHRASE_OPENERS | _PREPOSITIONS


def _modifiers(a: Mention, between: list[str]) -> bool:
    """Whether the words between a country and a sector word can modify the sector word. A
    demonym or a possessive is an adjective, and the words after it name the group (`Afghan
    rebel leaders`, `Russia's defence ministry`); after a country's or a capital's name a
    lowercase word is the clause's verb (`Serbia lodged an official protest`, `Russia sent
    troops`), so only capitalised words join (`Israel Defense Forces`). A determiner or a
    possessive pronoun starts a new phrase either way, and a preposition ends one."""
    words = [w for w in between if w not in ("'s", "’s", "'", "’")]
    if any(w.lower() in _PHRASE_BREAKS for w in words):
        return False
    adjective = a.entry.source == "demonym" or (bool(between) and between[0] in ("'s", "’s", "'", "’"))
    return adjective or a.surface.endswith(("'s", "’s")) or all(capitalised(w) for w in words)


def compound_groups(mentions: list[Mention], sentence: str, offset: int) -> list[Mention]:
    """Country/demonym (+ up to two words) + sector keyword -> one actor with both."""
    if not mentions:
        return []
    out: list[Mention] = []
    skip = False
    for a, b in zip(mentions, [*mentions[1:], None], strict=True):
        if skip:
            skip = False
            continue
        between = sentence[a.end - offset : b.start - offset].split() if b is not None else []
        if (
            b is not None
            and a.entry.source in {"country", "demonym", "capital", "place"}
            and b.entry.source in {"sector", "organization"}
            and (a.entry.source in {"country", "demonym", "capital"} or b.surface[:1].isupper())
            and len(between) <= 2
            # a dash or a bracket ends a name: `NEW ORLEANS -- Police said` is a dateline and the police
            and not re.search(r"[,;.()–—]|-\s|\band\b", sentence[a.end - offset : b.start - offset])
            # a place's named organisation is one name: `Ensley while joining Police` is none
            and (a.entry.source != "place" or all(capitalised(w) for w in between))
            and _modifiers(a, between)
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
            if a.entry.kind == "place" and b.surface[:1].isupper():
                out.append(a)  # `Birmingham Mayor`, `Damascus Hospital`: the place is told too
            skip = True
        else:
            out.append(a)
    return out


def people_after_titles(
    toks: list[Tok], mentions: list[Mention], lex: Lexicon, sentence: str, offset: int
) -> list[Mention]:
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
        surface = strip_possessive(surface)
        entry = Entry(
            "person",
            stable_id("person", norm_name(surface)),
            surface,
            "person",
            "PER",
            owner_country(mentions, toks[i - title_len + 1].start, name[0].start),
            title_sector,
            needs_capital=True,
        )
        found.append(Mention(name[0].start, name[0].start + len(surface), surface, entry))
    return found


def localities(toks: list[Tok], mentions: list[Mention], sentence: str, offset: int) -> list[Mention]:
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
        if name and j < len(toks) and toks[j].text.lower() in LOCALITY_WORDS:
            surface = sentence[name[0].start - offset : name[-1].end - offset]
            entry = replace(host.entry, source="locality", name=host.entry.name, geo_precision=2)
            found.append(Mention(name[0].start, name[-1].end, surface, entry))
    return found


def other_names(toks: list[Tok], covered: list[tuple[int, int]], sentence: str, offset: int) -> list[Mention]:
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
                    or (toks[j + 1].text.lower() in CONNECTORS and j + 2 < len(toks) and toks[j + 2].capitalised)
                )
                and not any(s <= toks[j + 1].start < e for s, e in covered)
            ):
                j += 1
            if j > i:
                surface = strip_possessive(sentence[t.start - offset : toks[j].end - offset])
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


def owner_country(mentions: list[Mention], title_start: int, name_start: int) -> str | None:
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


def title_before(toks: list[Tok], start: int, lex: Lexicon) -> tuple[str | None, int] | None:
    """(sector, title start) of a person title that ends right before `start`, if any."""
    before = [t for t in toks if t.end <= start]
    norms = [norm_name(t.text) for t in before[-4:]]
    for n in range(len(norms), 0, -1):
        key = " ".join(norms[-n:])
        if key in lex.titles:
            return lex.titles[key], before[-n].start
    return None


# Words between an apposition's comma and its title that keep the title the person's now
# (`X, the newly appointed defence minister`), and those that say it is no longer theirs.
_NOW_WORDS = frozenset("the a an new newly appointed acting interim current incoming caretaker".split())
_THEN_WORDS = frozenset("former ex late outgoing then erstwhile onetime".split())


def appositive_titles(
    mentions: list[Mention], toks: list[Tok], lex: Lexicon, sentence: str, offset: int
) -> list[Mention]:
    """People the sentence itself describes in apposition: `X, the new defence minister` gives X
    the title's sector, `X, Russia's ambassador` (or `the Russian ambassador`) the country too.
    What the text says fills what the person's name alone left open, and wins over any
    dictionary (`actor_reading`); a `former` title gives the country only. Other mentions are
    returned as they are."""
    by_start = {m.start: m for m in mentions}
    out = []
    for m in mentions:
        e = m.entry
        if e.kind != "person" or e.source != "person" or (e.country_iso3 and e.sector):
            out.append(m)
            continue
        i = next((k for k, t in enumerate(toks) if t.start >= m.end), len(toks))
        between = sentence[m.end - offset : toks[i].start - offset] if i < len(toks) else ""
        found = _apposition_at(toks, i, by_start, lex) if between.strip() == "," else None
        # an apposition is a noun phrase closed by a comma or the sentence's end (`X, the
        # ambassador, said`), not the reporting clause that follows a name (`X, police said`)
        closed = found is not None and sentence[found[2] - offset :].lstrip()[:1] in {"", ",", ".", ";", ")"}
        if not closed:
            out.append(m)
            continue
        country, sector, _ = found
        out.append(replace(m, entry=replace(e, country_iso3=e.country_iso3 or country, sector=e.sector or sector)))
    return out


def _apposition_at(
    toks: list[Tok], i: int, by_start: dict[int, Mention], lex: Lexicon
) -> tuple[str | None, str | None, int] | None:
    """(country, sector, end offset) of an apposition starting at token `i`: an article or a
    country's possessive first (`the`, `Russia's`), then modifiers, a country or demonym
    (`Russian`), then a title; or a compound actor that is one (`the Iranian ambassador`)."""
    if i >= len(toks):
        return None
    first = by_start.get(toks[i].start)
    if norm_name(toks[i].text) not in {"the", "a", "an"} and (first is None or first.entry.kind != "country"):
        return None
    country, former = None, False
    j = i
    while j < len(toks) and j < i + 8:
        word = norm_name(toks[j].text)
        owner = by_start.get(toks[j].start)
        if owner is not None and owner.entry.kind == "group" and owner.entry.sector:
            return owner.entry.country_iso3 or country, None if former else owner.entry.sector, owner.end
        if owner is not None and owner.entry.kind in {"country", "group"} and owner.entry.country_iso3:
            country = owner.entry.country_iso3
            j = next((k for k in range(j, len(toks)) if toks[k].start >= owner.end), len(toks))
            continue
        if word in _THEN_WORDS:
            former = True
            j += 1
            continue
        if word in _NOW_WORDS:
            j += 1
            continue
        for n in range(4, 0, -1):
            key = " ".join(norm_name(t.text) for t in toks[j : j + n])
            if len(toks[j : j + n]) == n and key in lex.titles:
                return country, None if former else lex.titles[key], toks[j + n - 1].end
        return None
    return None
