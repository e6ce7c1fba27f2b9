"""An article's language: what the page declares, weighed against what its text looks like.

py3langid's model (140 languages, shipped with the package) reads short or odd texts wrongly
now and then: an English article quoting pidgin reads as Nigerian Pidgin (`pcm`), a list of
names as anything. A wrong code leaves the article out of the NLP, so the text alone does not
decide where it is in doubt:

1. A page that declares its language (`<html lang>`, `Content-Language`, `og:locale`) is taken
   at its word unless the text is long and the detector sure of another language and sure the
   declared one is not it (a CMS that says `en` on every page, whatever it holds).
2. Without a declaration, a detection under `CONFIDENT` whose runner-up is a language we
   analyse gives the runner-up: a doubt goes to the language the pipeline can read, where a
   wrong guess costs a few empty sentences, not a lost article.
3. Texts under `MIN_CHARS` have no language (None), as before.
"""

from __future__ import annotations

import re
from functools import lru_cache

import py3langid.langid as langid

# The languages the NLP reads (spaCy's English pipeline); others are stored, not analysed.
ANALYSED_LANGUAGES = frozenset({"en"})
MIN_CHARS = 20
SAMPLE_CHARS = 3000
# How sure the detector must be to overrule a declaration or to stand without one.
CONFIDENT = 0.9
# Under this many characters the text does not overrule a declaration, however sure.
OVERRULE_CHARS = 400
# The declared language must be this unlikely for the text to overrule it.
RULED_OUT = 0.001
_TAG = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$")


@lru_cache(maxsize=1)
def _identifier() -> langid.LanguageIdentifier:
    """The bundled model with normalised probabilities (loaded once a process)."""
    return langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)


def primary_tag(value: str | None) -> str | None:
    """`en` from `en-GB`, `en_US`, ` EN `; None for what is not a language tag."""
    if not value:
        return None
    match = _TAG.match(value.strip().lower())
    return match.group(1) if match else None


def identify(text: str, declared: str | None = None, analysed: frozenset[str] = ANALYSED_LANGUAGES) -> str | None:
    """The article's ISO 639 code (see module); `analysed` are the languages the NLP reads."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return None
    ranked = _identifier().rank(sample)
    best, confidence = ranked[0]
    declared = primary_tag(declared)
    if declared:
        if declared == best:
            return best
        declared_p = next((p for code, p in ranked if code == declared), None)
        overruled = (
            confidence >= CONFIDENT
            and len(sample) >= OVERRULE_CHARS
            and declared_p is not None  # a language the model does not know cannot be ruled out
            and declared_p < RULED_OUT
        )
        return best if overruled else declared
    if confidence < CONFIDENT and len(ranked) > 1 and ranked[1][0] in analysed and best not in analysed:
        return ranked[1][0]
    return best
