"""Source and target actors of a trigger, read from the sentence's dependency parse.

The rules follow the grammatical relations a PETRARCH-style coder uses:

- a verb's subject is its source and its object (or the object of `against/on/with/to/...`)
  its target; in the passive the subject is the target and the `by` agent the source;
- a verb with no subject of its own takes it from the verb that controls it (`threatened to
  attack`, `attacked and killed`), a relative clause from the noun it modifies (`troops who
  attacked`, `civilians killed in`), a pronoun subject of reported speech from the speaker
  (`Hungary has said it will support`);
- a noun trigger's source is its possessor or a nationality before it (`Russia's condemnation`,
  `US strikes`) or the `by` phrase after it, its target the object of `on/against/of/...`; with
  none, the subject of the verb that governs it (`launched strikes`), unless that verb is an
  event of its own (`Russia condemned the strikes` does not make Russia the striker);
- coordinated and appositive phrases are expanded (`the US, UK and France` is three actors).

An argument becomes actors through the mentions in its noun phrase: the mention over its head
word, else the nearest one among its pre-modifiers, else those of an apposition or an `of`
phrase. Pure functions; no spaCy objects.
"""

from __future__ import annotations

from transforms.syntax import Parse

_SUBJECT = ("nsubj", "csubj", "expl")
_PASSIVE_SUBJECT = ("nsubjpass", "csubjpass")
_OBJECT = ("dobj", "dative", "obj", "iobj")
_TARGET_PREPS = frozenset({"against", "on", "at", "with", "to", "toward", "towards", "into", "upon", "onto", "over"})
_NOUN_TARGET_PREPS = _TARGET_PREPS | {"of", "in"}
_SOURCE_PREPS = frozenset({"by", "from"})
# A movement of forces (`noun_roles`): `of` names who moves, `from` the place left, not a doer.
_MOVER_PREPS = frozenset({"by", "of"})
_MOVED_TARGET_PREPS = _NOUN_TARGET_PREPS - {"of"}
_PRONOUNS = frozenset({"it", "he", "she", "they", "we", "i"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_MODIFIERS = ("compound", "amod", "poss", "nmod", "npadvmod")
_CONTROL = ("xcomp", "conj", "advcl", "pcomp")


def _expand(parse: Parse, head: int) -> list[int]:
    """The head and the heads coordinated with it (`the US, UK and France`)."""
    out, stack = [], [head]
    while stack:
        i = stack.pop()
        out.append(i)
        stack.extend(parse.kids(i, "conj"))
    return sorted(out)


def _pobjs(parse: Parse, i: int, preps: frozenset[str]) -> list[int]:
    """Objects of the given prepositions attached to token i (`attack on X`, `agreed with X`)."""
    out = []
    for p in parse.kids(i, "prep", "agent"):
        if parse.words[p] in preps:
            out += parse.kids(p, "pobj")
    return out


def _subject_of(parse: Parse, verb: int) -> tuple[list[int], bool]:
    """The subject heads of a verb, climbing control and coordination; the flag says whether
    they are the verb's patient (a passive subject or a participle's noun)."""
    seen = set()
    while verb not in seen:
        seen.add(verb)
        subj = parse.kids(verb, *_SUBJECT)
        if subj:
            s = subj[0]
            if parse.words[s] in _RELATIVE and parse.deps[verb] == "relcl":
                return [parse.heads[verb]], False
            if parse.words[s] in _PRONOUNS:
                speaker = _speaker(parse, verb)
                if speaker is not None:
                    return [speaker], False
            return [s], False
        passive = parse.kids(verb, *_PASSIVE_SUBJECT)
        if passive:
            return [passive[0]], True
        dep, head = parse.deps[verb], parse.heads[verb]
        if dep == "relcl" or (dep == "acl" and head != verb):
            return [head], parse.tags[verb] == "VBN"
        if dep in _CONTROL and head != verb and parse.is_verb(head):
            verb = head
            continue
        break
    return [], False


def _speaker(parse: Parse, verb: int) -> int | None:
    """The subject of the reporting verb whose clausal complement holds `verb`, if any."""
    i = verb
    while parse.heads[i] != i:
        if parse.deps[i] == "ccomp":
            subj = parse.kids(parse.heads[i], *_SUBJECT)
            if subj and parse.words[subj[0]] not in _PRONOUNS:
                return subj[0]
            return None
        if parse.deps[i] not in (*_CONTROL, "aux"):
            return None
        i = parse.heads[i]
    return None


def verb_roles(parse: Parse, verb: int) -> tuple[list[int], list[int]]:
    """Source and target heads of a verb trigger."""
    agents = _pobjs(parse, verb, frozenset({"by"}))
    subj, patient = _subject_of(parse, verb)
    objects = parse.kids(verb, *_OBJECT) or _pobjs(parse, verb, _TARGET_PREPS)
    if not objects:
        # "demanded that the DPRK forsake ...", "urged X to ...": the addressee of the clause
        for clause in parse.kids(verb, "ccomp"):
            objects = parse.kids(clause, *_SUBJECT, *_PASSIVE_SUBJECT)
            if objects:
                break
    if patient:
        return agents, subj + objects
    return (subj or agents), objects


def governing_verb(parse: Parse, noun: int) -> int | None:
    """The verb a noun is the object of, through `of` phrases and compounds (`provide tons of
    food aid`, `suspended part of a military aid program`)."""
    i = noun
    for _ in range(5):
        head = parse.heads[i]
        if head == i:
            return None
        if parse.deps[i] in ("dobj", "obj", "dative") and parse.is_verb(head):
            return head
        if parse.deps[i] == "pobj" and parse.words[head] == "of" and parse.deps[head] == "prep":
            i = parse.heads[head]
            continue
        if parse.deps[i] == "compound" and parse.is_noun(head):
            i = head
            continue
        return None
    return None


def noun_roles(parse: Parse, noun: int, is_trigger: list[bool], moves: bool = False) -> tuple[list[int], list[int]]:
    """Source and target heads of a noun trigger; `is_trigger[i]` marks trigger tokens. For a
    movement of forces (`moves`: `the withdrawal of Syrian troops`, `the deployment of NATO
    peacekeepers`) the `of` phrase names who moves, the source, not whom it is done to."""
    source = [c for c in parse.kids(noun, *_MODIFIERS) if parse.pos[c] in ("PROPN", "ADJ", "NOUN")]
    # ... and `from` the place it leaves, not the doer (`the withdrawal of troops from Lebanon`)
    source += _pobjs(parse, noun, _MOVER_PREPS if moves else _SOURCE_PREPS)
    target = _pobjs(parse, noun, _MOVED_TARGET_PREPS if moves else _NOUN_TARGET_PREPS)
    verb = governing_verb(parse, noun)
    if verb is not None and not is_trigger[verb]:
        if not source:
            source, _ = _subject_of(parse, verb)
        if not target:
            target = parse.kids(verb, "dative") + _pobjs(parse, verb, _TARGET_PREPS)
    return source, target


def argument_tokens(parse: Parse, head: int) -> list[int]:
    """The tokens a mention may cover for an argument headed by `head`: the head first, then
    its pre-modifiers nearest first, then apposition and `of` phrases."""
    out = [head, *range(head - 1, parse.left_edge(head) - 1, -1)]
    for c in parse.kids(head, "appos"):
        out += [c, *range(c - 1, parse.left_edge(c) - 1, -1)]
    for p in parse.kids(head, "prep"):
        if parse.words[p] == "of":
            for c in parse.kids(p, "pobj"):
                out += [c, *range(c - 1, p, -1)]
    return out


def trigger_marks(parse: Parse, spans: list[tuple[int, int]]) -> list[bool]:
    """For each token, whether a trigger span covers it."""
    return [any(s < e_ and e > s_ for s_, e_ in spans) for s, e in zip(parse.starts, parse.ends, strict=True)]


def roles(
    parse: Parse, t: int, is_trigger: list[bool], moves: bool = False
) -> tuple[list[list[int]], list[list[int]]] | None:
    """For the trigger headed by token t: for the source and the target, the token lists (see
    `argument_tokens`) of each coordinated argument. `is_trigger` marks the tokens of the
    sentence's triggers; `moves`, a movement of forces (see `noun_roles`). None when the
    trigger is no verb or noun."""
    if parse.is_verb(t):
        src, tgt = verb_roles(parse, t)
    elif parse.is_noun(t):
        src, tgt = noun_roles(parse, t, is_trigger, moves)
    else:
        return None

    def args(heads: list[int]) -> list[list[int]]:
        return [argument_tokens(parse, x) for h in heads for x in _expand(parse, h) if x != t]

    return args(src), args(tgt)


def prominence(parse: Parse, token: int, is_trigger: list[bool], reporting: frozenset[str]) -> float:
    """How close a trigger stands to what the sentence asserts: the weighted path from the
    token to the root. Steps that keep the same assertion cost nothing: the complement of a
    reporting verb (`X said that ...`), control (`agreed to withdraw`), the object of a verb
    that is no event of its own (`held talks`, `imposed sanctions`). A second conjunct costs
    half a step, anything else (an adverbial clause, a relative clause, a noun modifier) one."""
    cost, i, seen = 0.0, token, set()
    while parse.heads[i] != i and i not in seen:
        seen.add(i)
        dep, head = parse.deps[i], parse.heads[i]
        if (
            (dep == "ccomp" and parse.words[head] in reporting)
            or (dep in ("advcl", "ccomp") and parse.words[i] in reporting)
            or dep in ("xcomp", "aux", "auxpass")
            or (dep in ("dobj", "obj") and not is_trigger[head])
        ):
            pass
        elif dep == "conj":
            cost += 0.5
        else:
            cost += 1.0
        i = head
    return cost


def negated(parse: Parse, token: int) -> bool:
    """Whether the trigger, or the verb that governs it, carries a negation (`did not attack`,
    `has not agreed to withdraw`, `no sanctions were imposed`)."""
    i = token
    for _ in range(3):
        if parse.kids(i, "neg") or any(parse.words[c] == "no" for c in parse.kids(i, "det")):
            return True
        if parse.deps[i] not in ("xcomp", "dobj", "obj", "nsubjpass") or parse.heads[i] == i:
            return False
        i = parse.heads[i]
    return False


def nominal(parse: Parse, token: int) -> bool:
    """Whether a verb-form trigger is used as a noun for people (`most of the wounded were
    children`, `the injured were taken to hospital`): no act is reported there."""
    return (
        parse.tags[token] in ("VBN", "VBD", "JJ")
        and any(parse.words[c] == "the" for c in parse.kids(token, "det"))
        and parse.deps[token] in ("pobj", "nsubj", "nsubjpass", "dobj", "conj")
    )


def back_reference(parse: Parse, token: int) -> bool:
    """Whether a noun trigger only points back at an act told before (`the assault was a
    response to ...`, `this attack`): a definite noun with nothing of its own, no modifier, no
    `by`/`on` phrase, no compound, so a sentence that also names a fresh act is about that."""
    return (
        parse.is_noun(token)
        and any(parse.words[c] in ("the", "this", "that") for c in parse.kids(token, "det"))
        and not parse.kids(token, "prep", "compound", "amod", "nmod", "poss", "acl", "relcl")
    )


def pronoun_subject(parse: Parse, arguments: list[list[int]]) -> bool:
    """Whether the source found is a personal pronoun (`He also condemned ...`)."""
    return bool(arguments) and parse.words[arguments[0][0]] in ("he", "she")


# Prepositions that name where a state's forces or goods go, stand or come from.
_WHERE_PREPS = frozenset({"to", "in", "into", "from", "toward", "towards", "inside"})


def destinations(parse: Parse, t: int, objects: list[int]) -> list[int]:
    """The heads of the places a trigger or its objects are sent to, stand in or leave
    (`deployed troops in Yemen`, `sent aid to Chad`, `withdraw its troops from Iraq`),
    coordinated ones expanded; CAMEO codes the country of such a place as the target when the
    object is the doer's own means (see `event_participants.with_destination`). Not through a
    verb the trigger governs (`refused to deploy troops in Yemen`): that helped the tuning part
    of PLOVER only."""
    heads = []
    for owner in [t, *objects]:
        heads += [x for h in _pobjs(parse, owner, _WHERE_PREPS) for x in _expand(parse, h)]
    return heads
