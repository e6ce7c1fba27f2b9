"""The actors of a trigger as a draft reads them: syntax decides each role it finds an actor
for (`event_roles`), word order fills the rest (`event_participants`), and the field's
conventions place what neither names: a place in the target's slot stands for its country, a
doer's own means sent to a country target it, and a movement's `of` phrase is who moves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from transforms.event_participants import linear_roles, mentions_of, untaken, with_destination
from transforms.event_roles import destinations, pronoun_subject, roles
from transforms.event_triggers import Hit

if TYPE_CHECKING:
    from transforms.event_drafts import SentenceContext

# The country of the place a doer's own means are sent to is the target (`event_participants.with_destination`).
DESTINATION = True
# A place where syntax looks for the target stands for its country as the target shown
# (`place_targets`); the coding still reads the target it read before.
PLACE_TARGETS = True
# Acts that move forces: a noun's `of` phrase names who moves (`event_roles.noun_roles`).
MOVES = frozenset({"MOBILIZE", "RETREAT"})


def outside(mentions: list[dict], hit: Hit, start: int) -> list[dict]:
    """The mentions that are not words of the trigger itself: in `lodged an official protest`
    the object is the act, not a party to it (`official` is no target)."""
    first, last = start + hit.start, start + hit.end
    return [a for a in mentions if not (first <= a["char_start"] and a["char_end"] <= last)]


def place_targets(ctx: SentenceContext, arguments: list[list[int]]) -> list[dict]:
    """The countries of the places that stand where syntax looks for the target (`the invasion
    of South Lebanon`, `shelled Aleppo`), as the field's dictionaries list towns and regions
    under their country's actor code: the act is done to that country."""
    placed = [p for p in ctx.places if p["country_iso3"]]
    return mentions_of(arguments, ctx.parse, [], placed, ctx.start, as_source=True) if placed else []


class Roles(NamedTuple):
    """The actors of a trigger: `source` and `target` as the coding reads them (syntax, then word
    order), the heads of its doers and undergoers, and `placed`: the country of a place that
    stands where syntax looks for the target, where no actor does (`place_targets`)."""

    source: list[dict]
    target: list[dict]
    doers: list[int]
    undergoers: list[int]
    placed: list[dict]
    named_doer: bool = False  # syntax itself named an actor as the source (word order did not)


def roles_of(ctx: SentenceContext, hit: Hit, t: int | None, moves: bool = False) -> Roles:
    """Source and target mentions: syntax decides each role it finds an actor for, word order
    fills the rest (see `event_participants`); `moves`: the trigger moves forces (`MOVES`)."""
    parse, start = ctx.parse, ctx.start
    found = roles(parse, t, ctx.cands.marks, moves) if parse is not None and t is not None else None
    if found is None:
        # without a parse word order is all there is to name a doer
        by_order = linear_roles(ctx.actors, ctx.capitals, hit, ctx.sentence, start)
        return Roles(*by_order, [], [], [], named_doer=bool(by_order[0]))
    source = outside(mentions_of(found[0], parse, ctx.actors, ctx.capitals, start, as_source=True), hit, start)
    target = outside(mentions_of(found[1], parse, ctx.actors, ctx.capitals, start, as_source=False), hit, start)
    placed = outside(place_targets(ctx, found[1]), hit, start) if PLACE_TARGETS and not target else []
    named_doer = bool(source)
    if not source or not target:
        by_order = linear_roles(ctx.actors, ctx.capitals, hit, ctx.sentence, start)
        taken = {a["char_start"] for a in source + target}
        # a passive without `by` names no doer: word order must not invent one
        agentless = bool(parse.kids(t, "auxpass")) and not source
        source = source or ([] if agentless else untaken(by_order[0], taken))
        target = target or untaken(by_order[1], taken)
    if not source and pronoun_subject(parse, found[0]) and ctx.last_named is not None:
        source = [ctx.last_named]  # `He also condemned ...`: the last person named
    if DESTINATION:
        objects = [args[0] for args in found[1] if args]
        where = destinations(parse, t, objects)
        if where:
            sent = with_destination(source, target, where, parse, ctx.capitals + ctx.places, start)
            placed = [] if sent is not target else placed
            target = sent
    return Roles(source, target, [a[0] for a in found[0] if a], [a[0] for a in found[1] if a], placed, named_doer)
