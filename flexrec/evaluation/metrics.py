"""Recall@k over targets, with and without repeats, exactly as defined in redial_data."""

from __future__ import annotations

from collections.abc import Sequence

KS = (1, 10, 50)


def recall_at(hits: Sequence[int | None], k: int) -> float:
    """`hits[i]` is the 0-based rank of target i (None: not ranked). Share with rank < k."""
    return sum(1 for r in hits if r is not None and r < k) / len(hits) if hits else 0.0


def rank_of(target: str, ranking: Sequence[str], excluded: set[str] = frozenset()) -> int | None:
    """Rank of `target` in `ranking` once `excluded` ids are taken out (None if absent)."""
    position = 0
    for item in ranking:
        if item in excluded:
            continue
        if item == target:
            return position
        position += 1
    return None


def summarize(ranks: Sequence[int | None], ks: Sequence[int] = KS) -> dict[str, float]:
    return {f"recall@{k}": round(recall_at(ranks, k), 4) for k in ks}
