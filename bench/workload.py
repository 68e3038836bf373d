"""What the benchmark asks for: /mykpis for a random SDR and a random period."""

from __future__ import annotations

import random

from bench.dataset import sdr_ids

# The no-argument form (this week) is what SDRs type most; the rest share the remainder.
PERIODS: tuple[tuple[str, float], ...] = (
    ("", 0.4), ("today", 0.15), ("last week", 0.15), ("month", 0.15), ("quarter", 0.15))


class Workload:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.users = sdr_ids()
        self.words = [word for word, _ in PERIODS]
        self.weights = [weight for _, weight in PERIODS]

    def next(self) -> tuple[str, str]:
        """A user id and the /mykpis text."""
        user = self.rng.choice(self.users)
        [text] = self.rng.choices(self.words, self.weights)
        return user, text
