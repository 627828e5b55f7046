"""BM25 retrieval over jobs, with weighted fields (BM25F-style: field weights scale term frequencies).

Postings hold each term's precomputed idf x saturated-tf contribution per job, so scoring a query only
walks the postings of the query's own terms.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

K1 = 1.2
B = 0.75


@dataclass(frozen=True)
class FieldWeights:
    """Job-side field weights: the name counts more than the description."""

    name: float = 3.0
    description: float = 1.0
    questions: float = 1.0
    metadata: float = 1.0


class Bm25Index:
    """An inverted index of weighted-field documents."""

    def __init__(self, documents: Sequence[Sequence[tuple[Sequence[str], float]]]) -> None:
        """`documents[i]` is a list of (terms of one field, weight of that field)."""
        self.size = len(documents)
        weighted_tfs: list[dict[str, float]] = []
        lengths: list[float] = []
        for fields in documents:
            tf: dict[str, float] = {}
            length = 0.0
            for terms, weight in fields:
                for term in terms:
                    tf[term] = tf.get(term, 0.0) + weight
                length += weight * len(terms)
            weighted_tfs.append(tf)
            lengths.append(length)
        average = (sum(lengths) / len(lengths)) if lengths else 0.0
        average = average or 1.0

        document_frequency: dict[str, int] = {}
        for tf in weighted_tfs:
            for term in tf:
                document_frequency[term] = document_frequency.get(term, 0) + 1
        self.idf: dict[str, float] = {term: self._idf(df) for term, df in document_frequency.items()}
        self.unseen_idf = self._idf(0)

        postings: dict[str, list[tuple[int, float]]] = {}
        for doc, (tf, length) in enumerate(zip(weighted_tfs, lengths, strict=True)):
            norm = K1 * (1.0 - B + B * length / average)
            for term, freq in tf.items():
                contribution = self.idf[term] * freq * (K1 + 1.0) / (freq + norm)
                postings.setdefault(term, []).append((doc, contribution))
        self.postings: dict[str, tuple[tuple[int, float], ...]] = {t: tuple(p) for t, p in postings.items()}

    def _idf(self, df: int) -> float:
        return math.log(1.0 + (self.size - df + 0.5) / (df + 0.5))

    def term_idf(self, term: str) -> float:
        return self.idf.get(term, self.unseen_idf)

    def score(self, query: Mapping[str, float]) -> tuple[list[float], float]:
        """(BM25 score of every document, 0 when it shares no term; the query's ceiling: what a document
        matching every query term at saturation would score)."""
        scores = [0.0] * self.size
        ceiling = 0.0
        idf = self.idf
        unseen = self.unseen_idf
        postings = self.postings
        for term, weight in query.items():
            ceiling += weight * idf.get(term, unseen) * (K1 + 1.0)
            posting = postings.get(term)
            if posting is None:
                continue
            for doc, contribution in posting:
                scores[doc] += weight * contribution
        return scores, ceiling


def query_weights(fields: Sequence[tuple[Sequence[str], float]]) -> dict[str, float]:
    """Query term weights: each field's weight spread over its terms (1/sqrt(length)), repeats damped (1 + ln tf)."""
    weights: dict[str, float] = {}
    for terms, weight in fields:
        if not terms:
            continue
        share = weight / math.sqrt(len(terms))
        counts: dict[str, int] = {}
        for term in terms:
            counts[term] = counts.get(term, 0) + 1
        for term, count in counts.items():
            weights[term] = weights.get(term, 0.0) + share * (1.0 + math.log(count))
    return weights
