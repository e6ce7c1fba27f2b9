"""Read the PETRARCH2/Phoenix actor and agent dictionaries into seed rows.

Pure functions: dictionary text in, rows (dicts of strings) out; no file I/O. The converter
(`flows/dictionaries.py`) is run by hand and its CSVs are committed, so the product never reads
the vendor files. The formats are described in the upstream `dictionaries.rst`; where the files
break their own format, the rule chosen here is written next to the code that applies it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

# Two-digit years: the three actor files hold only 00-14 and 31-99, so any pivot in 15..30 reads
# them the same; 30 is the one the KEDS/TABARI/PETRARCH coders use (00-30 -> 20YY, 31-99 -> 19YY).
CENTURY_PIVOT = 30

# Comments the CountryInfo generator and the IGO-rulers list put on the lines of a person's entry.
PERSON_MARKERS = ("CountryInfo.txt", "IGOrulers.txt")

ORG_PREFIXES = {"IGO": "igo", "NGO": "ngo", "MNC": "mnc"}
NULL_CODE = "---"

_CODE = re.compile(r"^(?:[A-Z0-9]+|---)$")
_BRACKETS = re.compile(r"\[([^\[\]]*)\]")
_SYNONYM_SPLIT = re.compile(r"\s+(?=\+)")
_MARKER = re.compile(r"!([A-Z]+)!")
_MARKER_DEF = re.compile(r"^!([A-Z]+)!\s*=\s*(.+)$")
_AGENT_CODE = re.compile(r"\[\s*(~[A-Z0-9]+|[A-Z0-9]+~)\s*[\]}]")  # one source line closes with `}`


@dataclass(frozen=True)
class Skipped:
    """A source line left out, with why: the CLI counts these per file."""

    line: int
    reason: str  # a short category, the same for lines skipped for the same reason
    text: str
    detail: str = ""


@dataclass
class Entry:
    """One actor record: a head line, its `+` synonyms and its `[CODE dates]` roles."""

    file: str
    head: str
    line: int
    entry_id: str = ""
    forms: list[tuple[str, bool]] = field(default_factory=list)
    roles: list[tuple[str, str, str]] = field(default_factory=list)  # (code, start, end)
    role_text: bool = False  # any `[...]` seen, well-formed or not
    marker: bool = False
    inherited: bool = False


@dataclass
class ActorParse:
    file: str
    entries: list[Entry]
    skipped: list[Skipped]


@dataclass
class AgentParse:
    rows: list[dict[str, str]]
    skipped: list[Skipped]
    counts: Counter[str]


def phrase_of(name: str) -> tuple[str, bool]:
    """`VLADIMIR_V._PUTIN_` -> ("vladimir v. putin", True): text form, and whether words match whole.

    A trailing `_` means "the last word must match whole" (no stem match); blanks and `_` both
    separate words in the dictionaries, so both become one space here.
    """
    name = name.strip()
    whole = name.endswith("_")
    text = " ".join(name.rstrip("_").replace("_", " ").split())
    return text.lower(), whole


def plural_of(phrase: str) -> str | None:
    """Regular English plural of a lower-case phrase's last word, or None where none is formed.

    dictionaries.rst: add S, IES for a final Y, ES for SS. Here also ES after s/x/z/ch/sh and a
    plain S after a vowel + y ("day" -> "days"); a phrase not ending in a letter gets none.
    """
    if not phrase or not phrase[-1].isalpha():
        return None
    if phrase.endswith(("s", "x", "z", "ch", "sh")):
        return phrase + "es"
    if phrase.endswith("y") and len(phrase) > 1 and phrase[-2] not in "aeiou":
        return phrase[:-1] + "ies"
    return phrase + "s"


def iso_date(text: str) -> str:
    """YYMMDD or YYYYMMDD -> YYYY-MM-DD; ValueError for any other length or an impossible date."""
    if not text.isdigit() or len(text) not in (6, 8):
        raise ValueError(f"date {text!r} is not YYMMDD or YYYYMMDD")
    if len(text) == 6:
        yy = int(text[:2])
        year = 2000 + yy if yy <= CENTURY_PIVOT else 1900 + yy
        month, day = int(text[2:4]), int(text[4:6])
    else:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    return date(year, month, day).isoformat()


def parse_role(inner: str) -> tuple[str, str, str]:
    """`RUSGOV 991231-080507` -> (code, start, end); `>d` from d on, `<d` until d, bare code undated."""
    tokens = inner.split()
    if not tokens or not _CODE.match(tokens[0]):
        raise ValueError(f"no code in [{inner}]")
    spec = "".join(tokens[1:])  # `[EGYGOV > 140608]` occurs: a blank after the sign
    if not spec:
        return tokens[0], "", ""
    if spec[0] == ">":
        return tokens[0], iso_date(spec[1:]), ""
    if spec[0] == "<":
        return tokens[0], "", iso_date(spec[1:])
    start, dash, end = spec.partition("-")
    if not dash:
        raise ValueError(f"date {spec!r} without <, > or a range")
    return tokens[0], iso_date(start), iso_date(end)


def _split_name(text: str) -> tuple[str, str]:
    """A name line's name (before the first `[`) and the rest of it, from that `[` on."""
    name, bracket, rest = text.partition("[")
    return name, bracket + rest


def parse_actors(text: str, file: str) -> ActorParse:
    """Entries of one `.actors` file, in file order, with stable ids `<file>:<head phrase>[#n]`.

    A line is a comment from `#` on. `+NAME` is a synonym of the entry above, a line starting with
    `[` holds roles, anything else starts an entry (PETRARCH reads an indented name the same way).
    Skipped, and counted: roles or synonyms with no entry above, a role whose code or dates do not
    parse, a name that is empty, and a head line with lower-case letters (entries are upper case;
    the one such line is a stray `Source: ...` note). After a skipped head line, its synonyms and
    roles are skipped too rather than given to the entry before it.
    """
    entries: list[Entry] = []
    skipped: list[Skipped] = []
    current: Entry | None = None

    def add_roles(entry: Entry, codes: str, lineno: int, raw: str) -> None:
        """The roles of each `[...]` in `codes`; text outside the brackets is dropped."""
        if not codes:
            return
        entry.role_text = True
        for inner in _BRACKETS.findall(codes):
            try:
                entry.roles.append(parse_role(inner))
            except ValueError as err:
                skipped.append(Skipped(lineno, "bad role", raw.strip(), str(err)))
        if "[" in _BRACKETS.sub("", codes):
            skipped.append(Skipped(lineno, "unclosed [", raw.strip()))

    for lineno, raw in enumerate(text.splitlines(), 1):
        body, _, comment = raw.partition("#")
        stripped = body.strip()
        if not stripped or stripped.startswith("<!"):
            continue
        marker = any(m in comment for m in PERSON_MARKERS)
        if stripped.startswith("["):
            if current is None:
                skipped.append(Skipped(lineno, "role line without an entry", raw.strip()))
                continue
            add_roles(current, stripped, lineno, raw)
            current.marker |= marker
        elif stripped.startswith("+"):
            if current is None:
                skipped.append(Skipped(lineno, "synonym without an entry", raw.strip()))
                continue
            for part in _SYNONYM_SPLIT.split(stripped):  # `+TAIOAN_ +TAWIAN_`: two on one line
                name, codes = _split_name(part[1:])
                phrase, whole = phrase_of(name)
                if not phrase:
                    skipped.append(Skipped(lineno, "empty synonym", raw.strip()))
                    continue
                current.forms.append((phrase, whole))
                add_roles(current, codes, lineno, raw)
            current.marker |= marker
        else:
            name, codes = _split_name(stripped)
            phrase, whole = phrase_of(name)
            if not phrase or re.search(r"[a-z]", name):
                skipped.append(Skipped(lineno, "not an entry name", raw.strip()))
                current = None
                continue
            current = Entry(file=file, head=phrase, line=lineno, forms=[(phrase, whole)], marker=marker)
            entries.append(current)
            add_roles(current, codes, lineno, raw)
    _inherit_roles(entries)
    _assign_ids(entries, file)
    return ActorParse(file=file, entries=entries, skipped=skipped)


def _inherit_roles(entries: list[Entry]) -> None:
    """An entry with no role text at all takes the roles of the next entry that has some.

    The source often drops the `+` of a synonym (`LEONID_BREZHNEV_` then `SECRETARY_BREZHNEV` then
    the roles), and lists several groups above one shared code; PETRARCH itself would give those
    names no code. Each keeps its own entry id; `inherited` marks them for the counts.
    """
    following: list[tuple[str, str, str]] | None = None
    for entry in reversed(entries):
        if entry.role_text:
            following = entry.roles
        elif following is not None:
            entry.roles = list(following)
            entry.inherited = True


def _assign_ids(entries: list[Entry], file: str) -> None:
    """`<file>:<head>`; a head phrase seen again in the same file gets `#2`, `#3` in file order."""
    seen: Counter[str] = Counter()
    for entry in entries:
        seen[entry.head] += 1
        n = seen[entry.head]
        entry.entry_id = f"{file}:{entry.head}" + (f"#{n}" if n > 1 else "")


def country_codes(countries: ActorParse) -> set[str]:
    """Codes that name a country: the three-letter codes given alone in the countries file."""
    return {code for e in countries.entries for code, _, _ in e.roles if len(code) == 3 and code != NULL_CODE}


def entry_kind(entry: Entry, countries: set[str], sectors: set[str]) -> str | None:
    """The kind of a whole entry, or None where each role's code decides (see `role_kind`).

    group: the MilNonState file. person: a person marker comment (`# CountryInfo.txt`,
    `# IGOrulers.txt`). country: a role that is a country code alone (`AFG`) or a country code plus
    a three-letter code that is not a sector (`USAGUM`, `DNKGRL`: territories). person, again: any
    dated role (a country's own dated codes, `[USRARM <900823]`, were caught by the test before).
    """
    if entry.file == "nonstate":
        return "group"
    if entry.marker:
        return "person"
    for code, _, _ in entry.roles:
        if code in countries or (len(code) == 6 and code[:3] in countries and code[3:] not in sectors):
            return "country"
    if any(start or end for _, start, end in entry.roles):
        return "person"
    return None


def role_kind(code: str) -> str:
    """igo/ngo/mnc by the code's prefix; `---` (the null code) none; else institution (`AFGMIL`, `MED`)."""
    if code == NULL_CODE:
        return "none"
    return ORG_PREFIXES.get(code[:3], "institution")


def actor_rows(
    parses: list[ActorParse], countries: set[str], sectors: set[str]
) -> tuple[list[dict[str, str]], list[dict[str, str]], Counter[str]]:
    """(actor_names rows, actor_roles rows, duplicates dropped), each sorted for byte-stable CSVs."""
    names: set[tuple[str, str, str, str]] = set()
    roles: set[tuple[str, str, str, str, str]] = set()
    dropped: Counter[str] = Counter()
    for parse in parses:
        for entry in parse.entries:
            for phrase, whole in entry.forms:
                row = (entry.entry_id, phrase, "true" if whole else "false", entry.file)
                dropped["forms"] += row in names
                names.add(row)
            kind = entry_kind(entry, countries, sectors)
            for code, start, end in entry.roles:
                role = (entry.entry_id, start, end, code, kind or role_kind(code))
                dropped["roles"] += role in roles
                roles.add(role)
    name_rows = [{"phrase": p, "whole": w, "entry": e, "file": f} for e, p, w, f in sorted(names)]
    role_rows = [{"entry": e, "code": c, "start": s, "end": n, "kind": k} for e, s, n, c, k in sorted(roles)]
    return name_rows, role_rows, dropped


def _expand_markers(text: str, subst: dict[str, list[str]]) -> list[str]:
    """Put each word of the first `!NAME!` set in its place; later `!NAME!` are read as plain NAME.

    The only lines with two markers are `!MINIST! ... AD!MINIST!RATION`: a search-and-replace of
    MINIST that went too far, so the second one means the letters, not the set. KeyError: unknown set.
    """
    match = _MARKER.search(text)
    if match is None:
        return [text]
    rest = _MARKER.sub(r"\1", text[match.end() :])
    return [text[: match.start()] + word + rest for word in subst[match.group(1)]]


def parse_agents(text: str) -> AgentParse:
    """Rows `phrase,whole,code,sector` of `Phoenix.agents.txt`, with plurals as dictionaries.rst says.

    `NAME {PLURAL} [~CODE]`: `{}` = no plural, `{X}` = X is the plural, no braces = the regular
    plural (none for a phrase ending in `_`). `!SET! = A, B` defines a substitution set; a line
    using it yields one row per word, with no plural formed. `~` before the code (added after the
    actor's code) or after it (`IGO~`, added before) is kept in `code`; `sector` drops it.
    """
    subst: dict[str, list[str]] = {}
    rows: set[tuple[str, str, str, str]] = set()
    skipped: list[Skipped] = []
    counts: Counter[str] = Counter()
    for lineno, raw in enumerate(text.splitlines(), 1):
        body = raw.partition("#")[0].strip()
        if not body or body.startswith("<!"):
            continue
        definition = _MARKER_DEF.match(body)
        if definition:
            subst[definition.group(1)] = [w.strip() for w in definition.group(2).split(",") if w.strip()]
            continue
        found = _AGENT_CODE.search(body)
        if found is None:
            skipped.append(Skipped(lineno, "no [~CODE]", raw.strip()))
            continue
        code = found.group(1)
        name = body[: found.start()]
        plural: str | None = None
        if "{" in name:
            if "}" not in name:
                skipped.append(Skipped(lineno, "unclosed {", raw.strip()))
                continue
            plural = name[name.index("{") + 1 : name.index("}")]
            name = name[: name.index("{")]
        try:
            singulars = _expand_markers(name, subst)
            plurals = _expand_markers(plural, subst) if plural and plural.strip() else []
        except KeyError as err:
            skipped.append(Skipped(lineno, "undefined substitution set", raw.strip(), f"!{err.args[0]}!"))
            continue
        counts["entries"] += 1
        forms = [phrase_of(s) for s in singulars] + [phrase_of(p) for p in plurals]
        if plural is None and len(singulars) == 1 and not _MARKER.search(name):
            phrase, whole = forms[0]
            regular = None if whole else plural_of(phrase)
            if regular:
                forms.append((regular, False))
        for phrase, whole in forms:
            if phrase:
                row = (phrase, "true" if whole else "false", code, code.strip("~"))
                counts["duplicates"] += row in rows
                rows.add(row)
    out = [{"phrase": p, "whole": w, "code": c, "sector": s} for p, w, c, s in sorted(rows)]
    counts["forms"] = len(out)
    return AgentParse(rows=out, skipped=skipped, counts=counts)
