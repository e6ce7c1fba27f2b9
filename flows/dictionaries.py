"""Convert the PETRARCH2/Phoenix coding dictionaries into seed CSVs (run by hand; outputs committed).

    python -m flows.dictionaries /work/shared/vendor/petrarch2-dictionaries \\
        [--plover .../CAMEO2PLOVER-2021.txt] [--out seeds/petrarch] [-v]

Reads the dictionary folder, writes actor_names.csv, actor_roles.csv, agents.csv, verbs.csv and
verb_synsets.csv, copies LICENSE and writes README.md into --out, and prints per-file counts. The
product never reads the dictionary folder: only the files written here are committed and used.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections import Counter
from pathlib import Path

from transforms.petrarch_actors import ActorParse, Skipped, actor_rows, country_codes, parse_actors, parse_agents
from transforms.petrarch_verbs import PloverTable, parse_plover, parse_verbs

ROOT = Path(__file__).resolve().parents[1]
ACTOR_FILES = {
    "countries": "Phoenix.Countries.actors.txt",
    "international": "Phoenix.International.actors.txt",
    "nonstate": "Phoenix.MilNonState.actors.txt",
}
AGENTS_FILE = "Phoenix.agents.txt"
VERBS_FILE = "CAMEO.2.0.txt"
PLOVER_SIBLING = Path("..", "..", "eval", "plover-gsr", "CAMEO2PLOVER-2021.txt")
COLUMNS = {
    "actor_names.csv": ["phrase", "whole", "entry", "file"],
    "actor_roles.csv": ["entry", "code", "start", "end", "kind"],
    "agents.csv": ["phrase", "whole", "code", "sector"],
    "verbs.csv": ["verb", "forms", "pattern", "cameo", "plover_type", "plover_mode", "plover_context", "synset"],
    "verb_synsets.csv": ["synset", "phrase"],
}


def csv_text(columns: list[str], rows: list[dict[str, str]]) -> str:
    """RFC 4180 text with `\\n` line ends, as the other seeds are written."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    writer.writerows({c: row.get(c, "") for c in columns} for row in rows)
    return out.getvalue()


def source_commit(folder: Path) -> str:
    """The 40-hex commit a SOURCE.md names, or "unknown"."""
    path = folder / "SOURCE.md"
    found = re.search(r"\b[0-9a-f]{40}\b", path.read_text(encoding="utf-8")) if path.exists() else None
    return found.group(0) if found else "unknown"


def with_synset_column(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """`synset`: the `&NAME`s a pattern uses, pipe-separated, so a row can be joined to verb_synsets.csv."""
    return [r | {"synset": "|".join(sorted(set(re.findall(r"&[A-Z0-9_]+", r["pattern"]))))} for r in rows]


def convert(folder: Path, plover_path: Path | None) -> tuple[dict[str, str], list[str], dict[str, list[Skipped]]]:
    """(CSV name -> text, report lines, skipped lines per source file): everything but the writing."""

    def read(name: str) -> str:
        return (folder / name).read_text(encoding="utf-8")

    parses = [parse_actors(read(name), short) for short, name in ACTOR_FILES.items()]
    agents = parse_agents(read(AGENTS_FILE))
    sectors = {r["sector"][i : i + 3] for r in agents.rows for i in range(0, len(r["sector"]), 3)}
    names, roles, dropped = actor_rows(parses, country_codes(parses[0]), sectors)
    plover: PloverTable | None = parse_plover(plover_path.read_text(encoding="utf-8")) if plover_path else None
    verbs = parse_verbs(read(VERBS_FILE), plover)
    tables = {
        "actor_names.csv": names,
        "actor_roles.csv": roles,
        "agents.csv": agents.rows,
        "verbs.csv": with_synset_column(verbs.rows),
        "verb_synsets.csv": verbs.synsets,
    }
    texts = {name: csv_text(COLUMNS[name], rows) for name, rows in tables.items()}
    report = [_actor_line(ACTOR_FILES[p.file], p) for p in parses]
    report.append(f"  actor rows dropped as exact repeats: {dropped['forms']} forms, {dropped['roles']} roles")
    c = agents.counts
    report.append(
        f"{AGENTS_FILE}: {c['entries']} entries, {c['forms']} forms, {len(agents.skipped)} skipped"
        f" ({c['duplicates']} repeated forms merged)"
    )
    c = verbs.counts
    report.append(
        f"{VERBS_FILE}: {c['blocks']} blocks, {c['verbs']} verb lines, {c['patterns']} patterns, {c['rows']} rows,"
        f" {c['synsets']} synsets ({c['synset phrases']} phrases), {len(verbs.skipped)} skipped,"
        f" {c['transformations dropped']} transformations not converted, {c['duplicates']} repeated rows merged"
    )
    skipped = {ACTOR_FILES[p.file]: p.skipped for p in parses} | {
        AGENTS_FILE: agents.skipped,
        VERBS_FILE: verbs.skipped,
    }
    if plover is not None and plover_path is not None:
        unmapped = sorted({r["cameo"] for r in verbs.rows if not r["plover_type"] and r["cameo"] != "---"})
        report.append(
            f"{plover_path.name}: {len(plover.codes)} codes, {len(plover.skipped)} skipped,"
            f" conflicting repeats (first kept): {', '.join(plover.conflicts) or 'none'};"
            f" verb codes with no PLOVER line on their path: {len(unmapped)}"
        )
        skipped[plover_path.name] = plover.skipped
    report += [f"{name}: {text.count(chr(10)) - 1} rows" for name, text in texts.items()]
    return texts, report, skipped


def _actor_line(name: str, parse: ActorParse) -> str:
    forms = sum(len(e.forms) for e in parse.entries)
    roles = sum(len(e.roles) for e in parse.entries)
    inherited = sum(e.inherited for e in parse.entries)
    return (
        f"{name}: {len(parse.entries)} entries, {forms} forms, {roles} roles, {len(parse.skipped)} skipped"
        f" ({inherited} entries without roles took the next entry's)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flows.dictionaries", description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the petrarch2-dictionaries folder")
    parser.add_argument("--plover", type=Path, help=f"CAMEO2PLOVER table (default: <folder>/{PLOVER_SIBLING})")
    parser.add_argument("--out", type=Path, default=ROOT / "seeds" / "petrarch", help="output folder")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every skipped line")
    args = parser.parse_args(argv)
    plover = args.plover
    if plover is None and (args.folder / PLOVER_SIBLING).exists():
        plover = (args.folder / PLOVER_SIBLING).resolve()
    if plover is None:
        print("no CAMEO2PLOVER table: the plover_* columns stay empty", file=sys.stderr)
    texts, report, skipped = convert(args.folder, plover)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (args.out / name).write_text(text, encoding="utf-8", newline="")
    license_text = (args.folder / "LICENSE").read_bytes()
    (args.out / "LICENSE").write_bytes(license_text)
    readme = render_readme(texts, skipped, source_commit(args.folder), plover, license_text.decode("utf-8"), report)
    (args.out / "README.md").write_text(readme, encoding="utf-8", newline="")
    for line in report:
        print(line)
    for name, lines in skipped.items():
        if lines:
            print(f"  skipped in {name}: {_reasons(lines)}")
        if args.verbose:
            for s in lines:
                print(f"    {name}:{s.line}: {s.reason} {s.detail}: {s.text}", file=sys.stderr)
    return 0


def _reasons(lines: list[Skipped]) -> str:
    """`2 bad role, 1 not an entry name`: skipped lines counted by reason."""
    return ", ".join(f"{n} {r}" for r, n in sorted(Counter(s.reason for s in lines).items()))


def render_readme(
    texts: dict[str, str],
    skipped: dict[str, list[Skipped]],
    commit: str,
    plover: Path | None,
    license_text: str,
    report: list[str],
) -> str:
    """seeds/petrarch/README.md: what each file holds, the rules applied, provenance and licence."""
    rows = {name: text.count("\n") - 1 for name, text in texts.items()}
    plover_commit = source_commit(plover.parent) if plover else "unknown"
    skipped_lines = "\n".join(
        f"| `{name}` | {len(lines)} | {_reasons(lines) or '-'} |" for name, lines in skipped.items()
    )
    return README.format(
        commit=commit,
        plover_commit=plover_commit,
        skipped=skipped_lines,
        license=license_text.strip(),
        **{name.replace(".csv", ""): n for name, n in rows.items()},
    )


README = """\
# PETRARCH2 / Phoenix coding dictionaries, as seed tables

Generated by `python -m flows.dictionaries` (the converter is `flows/dictionaries.py`, its rules are
in `transforms/petrarch_actors.py` and `transforms/petrarch_verbs.py`) from the PETRARCH2 / Phoenix
dictionaries: github.com/openeventdata/petrarch2 @ `{commit}`,
folder `petrarch2/data/dictionaries/`. The product reads only these files, never the vendor folder. This
README is generated too: change the template in the converter, not this file.

| file | rows | what |
| --- | --- | --- |
| `actor_names.csv` | {actor_names} | all name forms of the actor entries (countries, organisations, groups, persons) |
| `actor_roles.csv` | {actor_roles} | the CAMEO actor codes of each entry, with the dates each role held |
| `agents.csv` | {agents} | generic agent nouns (`soldier`, `foreign minister`) and their sector codes |
| `verbs.csv` | {verbs} | verbs and verb phrase patterns with their CAMEO code and the PLOVER event type |
| `verb_synsets.csv` | {verb_synsets} | the noun sets (`&MILITARY`, `&CURRENCY`) the verb patterns name |

Conventions as in `seeds/README.md`: UTF-8, `\\n` line ends, Python `csv` quoting, an empty cell is
"none / not applicable", lists are pipe-separated. Rows are sorted, so a re-run from the same
sources gives byte-identical files. All text is lower case; codes are upper case.

## `actor_names.csv`: `phrase,whole,entry,file`

One row per name form: the head line of an entry and each `+` synonym.

* `phrase`: the words, lower case, `_` and blanks as one space, the trailing `_` removed
  (`VLADIMIR_V._PUTIN` -> `vladimir v. putin`). Odd characters of the source are kept (`"`, `?`,
  a few U+FFFD and control characters where the original lost an accented letter).
* `whole`: `true` when the form ended in `_` in the dictionary: its last word must match whole;
  `false`: it may match as a prefix (PETRARCH's stem match).
* `entry`: the entry id, `<file>:<head phrase>`; when a head phrase starts two entries in one
  file, the second is `#2`, the third `#3` (in file order). Join to `actor_roles.csv` on it.
* `file`: `countries`, `international` or `nonstate` (Phoenix.Countries / .International /
  .MilNonState.actors.txt).

Names are ambiguous across entries on purpose (a minister's surname, a city standing for its
country): choose among entries by the roles' dates and your own context.

## `actor_roles.csv`: `entry,code,start,end,kind`

One row per `[CODE dates]` of an entry: the codes on the head line (`AFGHANISTAN_ [AFG]`) and on
the indented lines below it (`[RUSGOV 991231-080507]`). An entry with several codes (a person
who served several countries, a role at several times) has all of them.

* `code`: the CAMEO actor code as written (`AFG`, `RUSGOV`, `IGOUNOREFHCR`); `---` is PETRARCH's
  null code (recognised, not coded), kept.
* `start`, `end`: ISO dates, inclusive. `[C a-b]` gives both, `[C >a]` start only (from then on),
  `[C <b]` end only (until then), `[C]` neither (the default when no dated role applies).
  Dates are YYYYMMDD or YYMMDD; **two-digit years 00-30 are 2000-2030, 31-99 are 1931-1999**:
  the files hold only 00-14 and 31-99 (`700101` is 1970, `080507` is 2008), and 30 is the pivot
  the KEDS/TABARI/PETRARCH coders use. A date that is not 6 or 8 digits or not a real day skips
  that role (counted below).
* `kind`, the same for all roles of an entry where the entry decides, in this order:
  `group` for every entry of the MilNonState file; `person` for an entry whose lines carry the
  person comments of the generators (`# CountryInfo.txt`, `# IGOrulers.txt`); `country` for an
  entry with a country code alone (`AFG`; the country codes are the three-letter codes given
  alone in the countries file) or a country code plus a three-letter code that is not a sector
  code of `agents.csv` (`USAGUM`, `DNKGRL`: territories); `person` for any other entry with a
  dated role. Otherwise each role's code decides: `igo`, `ngo`, `mnc` by the code's first three
  letters (a bare `IGO` included), `none` for `---`, `institution` for the rest (state bodies
  such as `AFGMIL`, parties, media `MED`, religious bodies).
* An entry with no role at all takes the roles of the next entry that has some: the source often
  drops the `+` of a synonym (`LEONID_BREZHNEV_`, then `SECRETARY_BREZHNEV`, then the roles) or
  lists several groups above one shared code. PETRARCH itself would give such names no code.

## `agents.csv`: `phrase,whole,code,sector`

From `Phoenix.agents.txt`: `NAME {{PLURAL}} [~CODE]`. `phrase`/`whole` as above. One row for the
name and one for its plural: `{{X}}` gives the plural, `{{}}` means none, no braces means the
regular plural (`-s`, `-es` after s/x/z/ch/sh, `-ies` after a consonant + y; none for a name
ending in `_` or not ending in a letter). A substitution set (`!PERSON! = MAN, MEN, WOMAN, ...`)
gives one row per word (`congressman`, `congresswomen`, ...), with no further plural. `code` as
written: `~GOV` (the sector goes after the actor's code) or `IGO~` (before it); `sector` is the
code without `~`. Lines without a code are skipped.

## `verbs.csv`: `verb,forms,pattern,cameo,plover_type,plover_mode,plover_context,synset`

From `CAMEO.2.0.txt`, whose verbs come in synonym blocks (`--- NAME [code] ---`, then verb lines,
then `- pattern [code]` lines that apply to every verb of the block). One row per verb alone
(`pattern` empty) and one per (verb, pattern of its block).

* `verb`: the lemma, lower case; a multi-word verb (`+CORDON_OFF`, `WIRE_+TAP`) loses the `+`
  that marks its verb word: `cordon off`, `wire tap`.
* `forms`: the inflected forms given in `{{...}}`, pipe-separated, same spelling rule. Empty when
  none are given: PETRARCH then forms the regular `-s`, `-ed`, `-ing` itself (a few multi-word
  verbs have an explicit `{{}}`: no other forms).
* `pattern`: the pattern as written, lower case, blanks collapsed. Kept as written: `*` (the verb's
  place; the noun part before it is the subject side), `(...)` (a prepositional phrase, the
  preposition first), `{{...}}` (a noun phrase, the head word last), `&NAME` (a synset, upper case),
  `$` (the source actor) and `+` (the target actor), `_` (the words either side must be next to
  each other), and the rare TABARI-era `^` and `%`, whose meaning is TABARI's.
  Dropped: the `#` comments (the verb the pattern came from, coder initials) and TABARI-style `;`
  comments.
* `cameo`: the code in `[...]` as a string (`0311` keeps its zero). A verb line without its own
  code has its block's. Kept as written: `---` (the verb or pattern codes no event by itself),
  paired codes `042:043` (read as TABARI's paired events: the first code for source -> target,
  the second for the reciprocal event target -> source), `:173` (the reciprocal only), and one
  `080!` (mapped by its digits).
* `plover_type`, `plover_mode`, `plover_context`: from `CAMEO2PLOVER-2021.txt` (PLOVER draft 0.8,
  2021) of openeventdata/PLOVER @ `{plover_commit}`:
  the code's own line or its nearest parent's (`0311` -> `031` -> `03`); a paired code maps by
  its first code, `:173` by 173. Empty for `---` and for codes whose path has no line (CAMEO 01,
  02: PLOVER has no such types). A context list (`crime; corruption`) is pipe-separated. Where
  the table gives a code twice with different values (`08`: CONCEDE, then RETREAT) the first is
  kept; that only matters for a bare `08`.
* `synset`: the `&NAME`s the pattern uses, pipe-separated (join to `verb_synsets.csv`).

The `~` transformation lines at the end of the file are not converted. A pattern naming a synset
that is not defined (`&WEATHER`, ...) is skipped, as PETRARCH skips it.

## `verb_synsets.csv`: `synset,phrase`

The phrases of each synset (`&MILITARY`: `army`, `armies`, ...), with regular plurals added as
dictionaries.rst says (not for a phrase or a set label ending in `_`).

## Skipped source lines

| source | lines | why |
| --- | --- | --- |
{skipped}

Run `python -m flows.dictionaries <folder> -v` to list them with line numbers.

## Re-running

    python -m flows.dictionaries /work/shared/vendor/petrarch2-dictionaries \\
        --plover /work/shared/eval/plover-gsr/CAMEO2PLOVER-2021.txt --out seeds/petrarch

(`--plover` defaults to `../../eval/plover-gsr/CAMEO2PLOVER-2021.txt` next to the folder, `--out`
to this folder). The run rewrites every file here and prints the counts per source file.

## Adding a row by hand

Add the row anywhere in the CSV with the header's columns (sorting is not needed for reading).
For a new actor, add its names to `actor_names.csv` and its codes to `actor_roles.csv` under one
new entry id of your own, e.g. `local:jane example` with `file` = `local`; for a new code of an
existing actor, reuse its `entry`. Dates are `YYYY-MM-DD` or empty. A re-run of the converter
rewrites these files from the dictionaries, so keep hand-made rows as a patch
(`git diff seeds/petrarch > local-rows.patch`) and apply it again after a re-run.

## Licence

The dictionaries are MIT-licensed; `LICENSE` here is the upstream file, and its notice applies to
these converted tables:

```
{license}
```

The `plover_*` columns come from the PLOVER project's CAMEO2PLOVER-2021.txt (edited by Philip
Schrodt). The PLOVER project's material is published under CC BY-SA 4.0 (see
`/work/shared/eval/plover-gsr/SOURCE.md`): check those terms before redistributing `verbs.csv`.
"""


if __name__ == "__main__":
    sys.exit(main())
