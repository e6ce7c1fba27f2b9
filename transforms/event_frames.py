"""What the clause around a trigger does to its event type: promises, threats, demands,
refusals and reversals, as PLOVER codes them.

A trigger says what kind of act is talked about; the clause says whether it happened:

- a future or intended act (`will support`, `is willing to withdraw`, `vowed to rebuild`) is a
  promise, AGREE, when the act is cooperative, even on a condition (`would meet him if ...`),
  and a THREATEN when it is conflictual (`have sworn to fight`) or an ultimatum (`will pull
  out of the talks unless ...`);
- a refused or negated cooperative act (`will not accept`, `did not agree`) is a REJECT;
- an act that a reported clause says someone must do (`Russia said Sudan must return the
  helicopter`) is the speaker's DEMAND of the clause's subject, whatever the act, and however
  deep in that clause the trigger sits (`... must ensure security to allow supplies in`);
- undoing a restriction (`lifted the state of emergency`, `eased the curfew`) is a CONCEDE,
  undoing a military one (`lifted the blockade`: CAMEO 0872, ease military blockade) a RETREAT,
  and undoing cooperation (`suspended military aid`) a SANCTION.

The words that mark each case are data (`seeds/event_cues.csv`, kinds future, intent,
condition, obligation, reversal); the mapping below is the PLOVER codebook's. Pure functions.
"""

from __future__ import annotations

from dataclasses import dataclass

from transforms.event_roles import governing_verb
from transforms.syntax import Parse

# event type -> (CAMEO root, QuadClass) of a recoded event
RECODED = {
    "AGREE": ("03", 1),
    "THREATEN": ("13", 3),
    "REJECT": ("12", 3),
    "DEMAND": ("10", 3),
    "CONCEDE": ("08", 2),
    "SANCTION": ("16", 4),
    "RETREAT": ("08", 2),
}
_RESTRICTIONS = frozenset({"COERCE", "SANCTION"})
_COOPERATION = frozenset({"AID", "COOPERATE", "CONSULT", "SUPPORT", "AGREE"})
_ALREADY_FRAMED = frozenset({"AGREE", "THREATEN", "REJECT", "DEMAND", "REQUEST"})
# Restrictions whose lifting is a military de-escalation (RETREAT), not a political concession.
_MILITARY_MODES = frozenset({"blockade"})
# How far up from a trigger a demanded clause is looked for: `to allow` -> `ensure` -> `must`.
_DEMAND_DEPTH = 4
_INTO_CLAUSE = frozenset({"xcomp", "advcl", "dobj", "pobj", "prep", "relcl", "acl", "conj", "ccomp", "compound"})


@dataclass(frozen=True)
class FrameCues:
    """Cue words by kind, lower case."""

    future: frozenset[str]
    intent: frozenset[str]
    condition: frozenset[str]
    obligation: frozenset[str]
    reversal: frozenset[str]
    reporting: frozenset[str]


@dataclass(frozen=True)
class Frame:
    event_type: str
    speaker: int | None = None  # token of the demanding speaker (a DEMAND's source)
    addressee: int | None = None  # token of the clause subject (a DEMAND's target)


def _clause_chain(parse: Parse, token: int) -> list[int]:
    """The trigger's verb and the verbs that control it (`is willing to withdraw`)."""
    verb = token if parse.is_verb(token) else governing_verb(parse, token)
    chain = []
    while verb is not None and verb not in chain:
        chain.append(verb)
        # `have sworn to fight`: the small model often makes the infinitive an advcl
        infinitive = parse.deps[verb] == "advcl" and any(parse.words[c] == "to" for c in parse.kids(verb, "aux"))
        if (parse.deps[verb] == "xcomp" or infinitive) and parse.heads[verb] != verb:
            verb = parse.heads[verb]
        else:
            break
    return chain


def _reversal_before(parse: Parse, noun: int, cues: FrameCues, reach: int = 6) -> bool:
    """Whether the nearest verb before a noun trigger, a few words back, undoes it, for when
    the parse loses the object (`shortened by one hour the nightly curfew`)."""
    for i in range(noun - 1, max(-1, noun - reach - 1), -1):
        if parse.is_verb(i):
            return parse.words[i] in cues.reversal
    return False


def _demanded(parse: Parse, token: int, cues: FrameCues) -> Frame | None:
    """A DEMAND when the trigger sits in a clause with `must`/`should` that a reporting verb
    governs (`Russia said Sudan must return a helicopter that was captured ...`)."""
    node = token
    for _ in range(_DEMAND_DEPTH + 1):
        if parse.is_verb(node) and {parse.words[c] for c in parse.kids(node, "aux")} & cues.obligation:
            head = parse.heads[node]
            if parse.deps[node] == "ccomp" and parse.words[head] in cues.reporting:
                speaker = parse.kids(head, "nsubj")
                subject = parse.kids(node, "nsubj", "nsubjpass")
                if speaker and subject:
                    return Frame("DEMAND", speaker[0], subject[0])
            return None
        if parse.deps[node] not in _INTO_CLAUSE or parse.heads[node] == node:
            return None
        node = parse.heads[node]
    return None


def frame(
    parse: Parse, token: int, event_type: str, quad_class: int | None, cues: FrameCues, mode: str | None = None
) -> Frame | None:
    """The event type the clause makes of a trigger at `token`, or None when it stays as it is."""
    chain = _clause_chain(parse, token)
    if not chain:
        reverser = _reversal_before(parse, token, cues)
        if reverser and event_type in _RESTRICTIONS:
            return Frame("RETREAT" if mode in _MILITARY_MODES else "CONCEDE")
        if reverser and event_type in _COOPERATION:
            return Frame("SANCTION")
        return None
    aux = {parse.words[c] for v in chain for c in parse.kids(v, "aux", "auxpass")}
    heads = {parse.words[v] for v in chain}
    negated = any(parse.kids(v, "neg") for v in chain)
    cooperative = quad_class in (1, 2) or event_type in _COOPERATION
    demand = _demanded(parse, token, cues)
    if demand is not None:
        return demand
    verb = chain[0]
    if parse.words[verb] in cues.reversal and verb != token:
        if event_type in _RESTRICTIONS:
            return Frame("RETREAT" if mode in _MILITARY_MODES else "CONCEDE")
        if event_type in _COOPERATION:
            return Frame("SANCTION")
    if negated and cooperative and event_type not in ("REJECT", "DEMAND", "REQUEST"):
        return Frame("REJECT")
    if event_type in _ALREADY_FRAMED:
        return None
    top = chain[-1]
    conditional = any(parse.words[m] in cues.condition for c in parse.kids(top, "advcl") for m in parse.kids(c, "mark"))
    future = (
        bool(aux & cues.future)
        or bool(heads & cues.intent)
        or any(parse.words[parse.heads[v]] in cues.intent for v in chain if parse.deps[v] == "xcomp")
    )
    if future and not negated:
        return Frame("THREATEN" if conditional or not cooperative else "AGREE")
    return None
