"""What the clause around a trigger does to its event type: promises, threats, demands,
refusals and reversals, as PLOVER codes them.

A trigger says what kind of act is talked about; the clause says whether it happened:

- a future or intended act (`will support`, `is willing to withdraw`) is a promise, AGREE,
  when the act is cooperative, and a THREATEN when it is conflictual or made conditional
  (`will boycott ... unless`);
- a refused or negated cooperative act (`will not accept`, `did not agree`) is a REJECT;
- an act that a reported clause says someone must do (`Russia said Sudan must return the
  helicopter`) is the speaker's DEMAND of the clause's subject;
- undoing a restriction (`lifted the state of emergency`, `eased the curfew`) is a CONCEDE, and
  undoing cooperation (`suspended military aid`) a SANCTION.

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
}
_RESTRICTIONS = frozenset({"COERCE", "SANCTION"})
_COOPERATION = frozenset({"AID", "COOPERATE", "CONSULT", "SUPPORT", "AGREE"})
_ALREADY_FRAMED = frozenset({"AGREE", "THREATEN", "REJECT", "DEMAND", "REQUEST"})


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
        if parse.deps[verb] == "xcomp" and parse.heads[verb] != verb:
            verb = parse.heads[verb]
        else:
            break
    return chain


def frame(parse: Parse, token: int, event_type: str, quad_class: int | None, cues: FrameCues) -> Frame | None:
    """The event type the clause makes of a trigger at `token`, or None when it stays as it is."""
    chain = _clause_chain(parse, token)
    if not chain:
        return None
    aux = {parse.words[c] for v in chain for c in parse.kids(v, "aux", "auxpass")}
    heads = {parse.words[v] for v in chain}
    negated = any(parse.kids(v, "neg") for v in chain)
    cooperative = quad_class in (1, 2) or event_type in _COOPERATION
    verb = chain[0]
    if parse.words[verb] in cues.reversal and verb != token:
        if event_type in _RESTRICTIONS:
            return Frame("CONCEDE")
        if event_type in _COOPERATION:
            return Frame("SANCTION")
    if negated and cooperative and event_type not in ("REJECT", "DEMAND", "REQUEST"):
        return Frame("REJECT")
    if event_type in _ALREADY_FRAMED:
        return None
    top = chain[-1]
    conditional = any(parse.words[m] in cues.condition for c in parse.kids(top, "advcl") for m in parse.kids(c, "mark"))
    if aux & cues.obligation and parse.deps[top] == "ccomp" and parse.words[parse.heads[top]] in cues.reporting:
        speaker = parse.kids(parse.heads[top], "nsubj")
        subject = parse.kids(top, "nsubj", "nsubjpass")
        if speaker and subject:
            return Frame("DEMAND", speaker[0], subject[0])
    future = (
        bool(aux & cues.future)
        or bool(heads & cues.intent)
        or any(parse.words[parse.heads[v]] in cues.intent for v in chain if parse.deps[v] == "xcomp")
    )
    if future and not negated:
        if conditional or not cooperative:
            return Frame("THREATEN")
        return Frame("AGREE")
    return None
