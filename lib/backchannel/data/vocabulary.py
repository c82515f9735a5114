"""Groupings of vocabulary values that the reports count by, each defined once.

Every page, notebook and test that says "still in force", "reversed" or "reached an agreement" counts with
these names; `tests/test_vocabulary.py` checks that the fate groups cover every status of the descriptor once."""
from __future__ import annotations

# Outcomes of an episode that count as reaching an agreement or understanding.
AGREED = ("tacit_understanding", "partial_agreement", "comprehensive_agreement")

# The fate of an agreement, as a reader asks about it, in the order pages list them. Each status is in one group.
FATES = {
    "still in force": ("in_force", "provisionally_applied"),
    "partly reversed": ("partly_reversed",),
    "reversed": ("reversed",),
    "carried out (a one-off measure)": ("implemented",),
    "lapsed": ("lapsed",),
    "superseded": ("superseded",),
    "suspended": ("suspended",),
    "never implemented": ("never_implemented",),
}
IN_FORCE = FATES["still in force"]  # in effect in whole today
IN_EFFECT = IN_FORCE + FATES["partly reversed"]  # in effect in whole or in part today
ONE_OFF = ("implemented", "never_implemented")  # measures carried out once, or never: a point, not a span

# For the durability of agreements (survival analysis): a failure ends an agreement's life; an agreement
# still standing, or replaced by a later one, is censored.
FAILED = ("reversed", "partly_reversed", "lapsed", "never_implemented", "suspended")
STANDING = ("in_force", "provisionally_applied", "implemented")


def fate_of(status: str) -> str:
    """The fate group of an agreement status: 'provisionally_applied' -> 'still in force'."""
    for fate, statuses in FATES.items():
        if status in statuses:
            return fate
    raise KeyError(f"agreement status {status!r} belongs to no fate group; groups: {', '.join(FATES)}")
