"""Victims a sentence names one by one, or counts on the subject of a death, read from its
dependency parse.

The regular reading (`casualties.CasualtyReader`) needs a number tied to a casualty word. News
often names the victims instead, and no number states how many:

- the names joined by `and` as the subject of a passive casualty verb: `Angela Benton, Ray
  Daniel and Joe Lee were killed` is 3, `A mother and her young son were found shot to death` 2;
- the object of an active verb of killing told as done: `killed local rapper X` is 1, `fatally
  shot his wife, X, and son, Y` or `shot X and Y to death` 2 (an apposition names the same
  person again, a conjunct another), `killed his wife and then himself` 2; not `the gun used
  to kill X`, `would have killed him`.

A number on the subject of a death the patterns do not reach (`all four people involved in a
shooting early Saturday have now died`) is the dead (`subject_deaths`).

A plural without a number (`killed villagers`) is a count no one told: nothing is read.
Summing numbered conjuncts (`Three men and a teenager were hurt`: 4) and reading those `shot`
less the dead were tried and dropped: they helped the GVA tuning part's injured counts and
lowered the checking part's. Pure functions over `syntax.Parse`.
"""

from __future__ import annotations

from collections.abc import Callable

from transforms.syntax import Parse

# Passive verbs whose subject is the victims, and what they count.
_LISTED = {"killed": "killed", "slain": "killed", "murdered": "killed", "wounded": "injured", "injured": "injured"}
# Passive participles whose subject is the dead (`subject_deaths`).
_PASSIVE_DEATHS = frozenset({"killed", "slain", "murdered"})
# Words between a number and its noun that make the number an age (`a 43 y/o man`).
_AGE_WORDS = frozenset({"year", "years", "yr", "yrs", "old", "month", "months"})
# Adverbs that make a wound a death (`were fatally shot`).
_FATALLY = frozenset({"fatally", "mortally"})
_KILLING_WORDS = frozenset({"killed", "kills", "killing", "murdered", "murders", "murdering", "slew", "slaying"})
# Tags of a verb that tells a done act (not `to kill`, `kill` after a modal).
_DONE_TAGS = frozenset({"VBD", "VBN", "VBZ", "VBG"})
_MODALS = frozenset({"would", "could", "might", "may", "should", "will", "can", "must"})
# Tags of a word that names one victim: a singular noun, a name, a pronoun.
_ONE_TAGS = frozenset({"NN", "NNP", "PRP"})
# Pronouns and nouns that name no one victim (`killed them`, `killed everyone`).
_NOT_ONE = frozenset(
    {"them", "they", "it", "us", "we", "you", "everyone", "everybody", "anyone", "nobody", "people", "family"}
)


def listed_victims(parse: Parse) -> tuple[int | None, int | None]:
    """(killed, injured) named one by one (see module): the names of a passive subject, the
    objects of an active killing. `shot` in the passive counts as killed when joined to
    `killed` (`were shot and killed`) or said to be fatal (`were fatally shot`), else as
    injured."""
    out: dict[str, int] = {}
    for i, word in enumerate(parse.words):
        if parse.tags[i] != "VBN" or (word not in _LISTED and word != "shot"):
            continue
        # `were shot and killed`, `were found shot to death`: the subject hangs on the first verb
        verb = parse.heads[i] if parse.deps[i] in ("conj", "xcomp") and not parse.kids(i, "nsubjpass") else i
        for subject in parse.kids(verb, "nsubjpass"):
            n = _names(parse, subject)
            if n is None:
                continue
            joined = {parse.words[c] for c in parse.kids(verb, "conj")} | {parse.words[verb]}
            if _fatal(parse, i) or (word == "shot" and joined & {"killed", "slain"}):
                kind = "killed"
            else:
                kind = _LISTED.get(word, "injured")
            out[kind] = max(out.get(kind, 0), n)
    killed = max(out.get("killed", 0), object_victims(parse)) or None
    return killed, out.get("injured")


def subject_deaths(parse: Parse, value: Callable[[str], int | None]) -> int | None:
    """How many died, where the number stands on the subject of a death predicate and no
    pattern reaches it across the words between: `all four people involved in a shooting
    early Saturday have now died`, `Two teens who were shot on Wednesday have died`, `the two
    children found dead in the home`, `Both victims died`. The predicates are `died`, a
    passive killing (`were killed`, `were shot and killed`; an active one's subject is the
    killer) and `dead` told of the subject (`are dead`, `were found dead`). `value` reads a
    number word. None where no such count stands."""
    best: int | None = None
    for i, word in enumerate(parse.words):
        died = word == "died" and parse.tags[i] in ("VBD", "VBN")
        if died or (word in _PASSIVE_DEATHS and parse.tags[i] == "VBN" and _passive(parse, i)):
            verb = i
        elif word == "dead" and parse.deps[i] in ("acomp", "oprd", "xcomp", "ccomp"):
            verb = parse.heads[i]
        else:
            continue
        subjects = parse.kids(verb, "nsubj", "nsubjpass") + (parse.kids(i, "nsubj") if word == "dead" else [])
        if not subjects and parse.deps[verb] == "conj":  # `was shot in the head and died`
            subjects = parse.kids(parse.heads[verb], "nsubj", "nsubjpass")
        for subject in subjects:
            n = _subject_count(parse, subject, value)
            if n:
                best = max(best or 0, n)
    return best


def _passive(parse: Parse, i: int) -> bool:
    """Whether a participle is passive, itself or as the conjunct of a passive (`were shot and
    killed`)."""
    if parse.kids(i, "auxpass", "nsubjpass"):
        return True
    return parse.deps[i] == "conj" and bool(parse.kids(parse.heads[i], "auxpass", "nsubjpass"))


def _subject_count(parse: Parse, subject: int, value: Callable[[str], int | None]) -> int | None:
    """The number a subject carries (`four people`, `the two children`, `both victims`); None
    for an open count (`four or more people`), an age (`a 43 y/o man`), a number on a name
    or on a noun that does not agree with it (a caption's `21 Pro Video Image`), or none."""
    numbers = [c for c in parse.kids(subject, "nummod") if c < subject]
    if numbers:
        n = numbers[0]
        if parse.kids(n, "cc", "conj") or any(
            parse.words[k] in _AGE_WORDS or "/" in parse.words[k] for k in range(n + 1, subject + 1)
        ):
            return None
        count = value(parse.words[n])
        # a count of people is of a common noun that agrees with it: not `21 Pro Video Image`
        return count if count and parse.tags[subject] == ("NNS" if count > 1 else "NN") else None
    if parse.tags[subject] == "NNS" and any(
        parse.words[c] == "both" for c in parse.kids(subject, "det", "predet", "preconj")
    ):
        return 2
    return None


def _names(parse: Parse, subject: int) -> int | None:
    """How many names a subject joins by `and` (`Angela Benton, Ray Daniel and Joe Lee`: 3), or
    None where it is no such list (a number or a plural is the regular reading's)."""
    if parse.kids(subject, "nummod") or parse.tags[subject] in ("NNS", "NNPS", "PRP"):
        return None
    names, stack = [subject], [subject]
    while stack:
        head = stack.pop()
        more = [
            c
            for c in parse.kids(head, "conj", "appos")
            # a name in apposition to a name is the next of the list (`Benton, Ray Daniel and
            # Joe Lee`); to a common noun it names that one person (`her son, Javeer Arter`)
            if parse.deps[c] == "conj" or parse.pos[c] == "PROPN" == parse.pos[head]
        ]
        names += more
        stack += more
    if len(names) < 2 or not any(parse.deps[c] == "conj" for c in names):
        return None
    return len(names)


def _killing(parse: Parse, i: int) -> bool:
    """Whether token i is an active verb of killing that tells a done act: `killed`, `kills`,
    `murdered`, `killing` (`accused of killing X`), or `shot` said to be fatal (`fatally shot`);
    not an infinitive or a modal (`the weapon used to kill X`, `would have killed him`). In
    `shot and killed his wife` the object hangs on `killed`."""
    word = parse.words[i]
    if parse.tags[i] not in _DONE_TAGS or parse.kids(i, "auxpass", "nsubjpass"):
        return False
    if any(parse.words[a] in _MODALS for a in parse.kids(i, "aux")):
        return False
    return word in _KILLING_WORDS or (word == "shot" and _fatal(parse, i))


def _fatal(parse: Parse, i: int) -> bool:
    """Whether a wounding verb is said to kill: `fatally shot`, `shot dead`, `shot to death`."""
    kids = parse.children[i]
    if any(parse.words[c] in _FATALLY or parse.words[c] == "dead" for c in kids):
        return True
    return any(parse.words[c] == "to" and any(parse.words[d] == "death" for d in parse.children[c]) for c in kids)


def object_victims(parse: Parse) -> int:
    """How many people active verbs of killing name one by one as their object (see module);
    0 where none does."""
    best = 0
    for i in range(len(parse)):
        if not _killing(parse, i):
            continue
        # an object stands after its verb (a dateline the parser hangs on it does not)
        objects = [o for o in parse.kids(i, "dobj") if o > i]
        # `killed his wife and then himself`: the second object hangs on the verb
        objects += [c for c in parse.kids(i, "conj") if not parse.is_verb(c) and parse.tags[c] in _ONE_TAGS]
        best = max(best, _one_by_one(parse, objects))
    return best


def _one_by_one(parse: Parse, objects: list[int]) -> int:
    """How many people the objects and their conjuncts name, each one person; 0 when any of
    them is a number, a plural or a word for no one person (then the count is not told so)."""
    n, stack = 0, list(objects)
    while stack:
        o = stack.pop()
        if parse.tags[o] not in _ONE_TAGS or parse.kids(o, "nummod") or parse.words[o] in _NOT_ONE:
            return 0
        n += 1
        # conjuncts are other people, also when hung on an apposition (`wife, Zhou, and son`)
        for a in [o, *parse.kids(o, "appos")]:
            stack += [c for c in parse.kids(a, "conj") if not parse.is_verb(c)]
    return n


def with_listed(
    counts: tuple[int | None, int | None], listed: tuple[int | None, int | None]
) -> tuple[int | None, int | None]:
    """(killed, injured) of a sentence: the regular reading's killed, raised where the victims
    named one by one are more; its injured, else the named wounded."""
    killed, injured = counts
    listed_killed, listed_injured = listed
    if listed_killed is not None and (killed is None or listed_killed > killed):
        killed = listed_killed
    return killed, injured if injured is not None else listed_injured
