"""Name normalisation shared by the dictionary and the matcher, so both sides agree.

`al-Aswad`, `Al Aswad` and `Āl Aswad` must meet; so must `U.S.` and `US`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DOTTED_ACRONYM = re.compile(r"^(?:[A-Za-z]\.){2,}$")
_NON_WORD = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'", "ʻ": "'"})


def fold(text: str) -> str:
    """Strip diacritics: `Ḩajar` -> `Hajar`, `Côte` -> `Cote`."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def norm_token(token: str) -> str:
    """Lower-case, diacritic-free form of one token; `U.S.` -> `us`; possessive dropped."""
    token = token.translate(_APOSTROPHES)
    if _DOTTED_ACRONYM.match(token) or _DOTTED_ACRONYM.match(token + "."):
        return token.replace(".", "").lower()
    if token.endswith("'s") or token.endswith("'"):
        token = token[:-2] if token.endswith("'s") else token[:-1]
    return fold(token).lower().strip(".'")


@lru_cache(maxsize=262_144)
def norm_name(name: str) -> str:
    """Normalised key of a whole name: tokens joined by single spaces, hyphens as spaces."""
    name = fold(name.translate(_APOSTROPHES)).replace("-", " ")
    tokens = [norm_token(t) for t in name.split()]
    joined = " ".join(t for t in tokens if t)
    return _SPACES.sub(" ", _NON_WORD.sub(" ", joined.replace(".", "") if "." in joined else joined)).strip()
