"""A CAMEO code of the verb dictionary in the warehouse's terms: event type, mode, CAMEO root,
QuadClass and the usual ACLED type.

`seeds/petrarch/verbs.csv` carries the PLOVER type and mode that CAMEO2PLOVER (2021) gives each
code. The warehouse keeps a few distinctions that table merges or files elsewhere, written down
in `seeds/EVENTS.md` ("Decisions where the sources differ"), and the same decisions apply to the
CAMEO verbs here, so that one act gets one type whichever dictionary found it:

- CAMEO 19 is FIGHT (PLOVER 2021 files it under ASSAULT), but blockades and occupations (191,
  192) stay COERCE;
- 09 is INVESTIGATE, 10 DEMAND (our REQUEST is CAMEO 02, which PLOVER drops);
- criticism and complaints (11) are DISAPPROVE, accusations and lawsuits (112, 115) ACCUSE;
- sanctions and embargoes (163) are SANCTION;
- destroying property (1712), violent repression (175) and convictions (116) are COERCE;
- easing sanctions, curfews or emergency rule (085, 0813, 0814) is CONCEDE;
- signing an agreement (057) is AGREE, an apology (055) CONCEDE.

Pure.
"""

from __future__ import annotations

# Longest code prefix first: the type the warehouse gives where it differs from the CSV's.
_TYPE_OF_CODE = {
    "09": "INVESTIGATE",
    "10": "DEMAND",
    "11": "DISAPPROVE",
    "112": "ACCUSE",
    "115": "ACCUSE",
    "116": "COERCE",
    "19": "FIGHT",
    "191": "COERCE",
    "192": "COERCE",
    "163": "SANCTION",
    "1712": "COERCE",
    "175": "COERCE",
    "085": "CONCEDE",
    "0813": "CONCEDE",
    "0814": "CONCEDE",
    "057": "AGREE",
    "055": "CONCEDE",
}
# The CSV's PLOVER mode -> the mode vocabulary of `event_patterns.csv` / `event_modes.csv`.
_MODE_OF_PLOVER = {
    "arrest": "arrest",
    "deport": "deport",
    "curfew": "curfew",
    "martial-law": "martial law",
    "ban": "ban",
    "restrict": "restriction",
    "seize": "seize",
    "abduct": "abduction",
    "assassinate": "assassination",
    "torture": "torture",
    "sexual": "sexual violence",
    "beat": "beating",
    "massacre": "massacre",
    "cleansing": "displacement",
    "explosives": "explosives",
    "suicide-attack": "explosives",
    "firearms": "small arms",
    "demo": "demonstration",
    "hunger": "hunger strike",
    "riot": "riot",
    "obstruct": "obstruct",
    "troops": "troops",
    "police": "police",
    "ceasefire": "ceasefire",
    "withdraw": "withdraw",
    "disarm": "disarm",
    "release": "release",
    "return": "return",
    "access": "access",
    "visit": "visit",
    "phone": "phone",
    "expel": "expel",
    "discontinue": "aid suspension",
}
# Codes whose mode is more specific than the PLOVER mode says.
_MODE_OF_CODE = {
    "1712": "destruction",
    "1831": "suicide bombing",
    "184": "human shield",
    "175": "repression",
    "191": "blockade",
    "192": "occupation",
    "194": "artillery",
    "195": "aerial",
    "204": "chemical",
    "161": "diplomatic",
    "164": "negotiation",
}
# Cooperation acts take their mode from the PLOVER context (`send aid`: humanitarian).
_CONTEXT_MODES = frozenset({"economic", "military", "humanitarian", "peacekeeping", "intelligence", "asylum"})
_CONTEXT_TYPES = frozenset({"AID", "COOPERATE"})
# The ACLED type an act of this type and mode usually has (as `EVENTS.md` lists it per type);
# FIGHT is left open for the coder to decide by means and actors (`events._acled_type`).
_ACLED_OF_MODE = {
    ("PROTEST", "riot"): "Riots",
    ("COERCE", "arrest"): "Strategic developments",
    ("COERCE", "seize"): "Strategic developments",
    ("COERCE", "destruction"): "Strategic developments",
    ("RETREAT", "withdraw"): "Strategic developments",
    ("RETREAT", "disarm"): "Strategic developments",
    ("FIGHT", "small arms"): "Battles",
    ("FIGHT", "artillery"): "Explosions/Remote violence",
    ("FIGHT", "aerial"): "Explosions/Remote violence",
}
_ACLED_OF_TYPE = {
    "ASSAULT": "Violence against civilians",
    "PROTEST": "Protests",
    "MOBILIZE": "Strategic developments",
}


def primary_code(cameo: str) -> str | None:
    """The code of the act itself: `042:043` -> `042` (the first of a pair), `:173` -> `173`
    (the reciprocal only), `080!` -> `080`; None for the null code `---`."""
    first, _, second = cameo.partition(":")
    code = "".join(ch for ch in (first or second) if ch.isdigit())
    return code or None


def event_type_of(cameo: str, plover_type: str | None) -> str | None:
    """Our event type of a dictionary code: none where the CSV has no PLOVER type (`---`, CAMEO
    01 and 02: statements and appeals PLOVER drops), else the warehouse's decision for the code
    where there is one (see module), else the PLOVER type."""
    code = primary_code(cameo)
    if code is None or not plover_type:
        return None
    for n in (4, 3, 2):
        if code[:n] in _TYPE_OF_CODE and len(code) >= n:
            return _TYPE_OF_CODE[code[:n]]
    return plover_type


def mode_of(cameo: str, event_type: str | None, plover_mode: str | None, context: str | None) -> str | None:
    """The mode in our vocabulary: the code's own where it names one, else the PLOVER mode's,
    else, for aid and cooperation, the first PLOVER context that is one of our modes."""
    code = primary_code(cameo) or ""
    for n in (4, 3):
        if code[:n] in _MODE_OF_CODE and len(code) >= n:
            return _MODE_OF_CODE[code[:n]]
    if plover_mode and plover_mode in _MODE_OF_PLOVER:
        return _MODE_OF_PLOVER[plover_mode]
    if event_type in _CONTEXT_TYPES:
        return next((c for c in (context or "").split("|") if c in _CONTEXT_MODES), None)
    return None


def root_and_quad(cameo: str) -> tuple[str | None, int | None]:
    """The two-digit CAMEO root and its GDELT QuadClass (01-05 verbal cooperation, 06-08
    material cooperation, 09-13 verbal conflict, 14-20 material conflict)."""
    code = primary_code(cameo)
    if code is None or len(code) < 2:
        return None, None
    root = int(code[:2])
    quad = 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4
    return code[:2], quad


def acled_of(event_type: str, mode: str | None) -> str | None:
    """The ACLED type an act of this type and mode usually has; None where it has none or the
    coder decides it from the sentence."""
    return _ACLED_OF_MODE.get((event_type, mode or ""), _ACLED_OF_TYPE.get(event_type))
