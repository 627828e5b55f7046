"""BM25 retrieval: ordering, field weights, idf, saturation and query weights."""

from __future__ import annotations

import math

from destination_unified_ats.matching.bm25 import K1, Bm25Index, query_weights


def _index(*docs: tuple[list[str], list[str]]) -> Bm25Index:
    return Bm25Index([[(name, 3.0), (body, 1.0)] for name, body in docs])


def test_term_in_the_name_outweighs_the_same_term_in_the_description() -> None:
    index = _index((["python", "engin"], ["api"]), (["data", "engin"], ["python", "api"]))
    scores, _ = index.score({"python": 1.0})
    assert scores[0] > scores[1] > 0.0


def test_rare_terms_outweigh_common_ones() -> None:
    index = _index((["engin", "go"], []), (["engin", "python"], []), (["engin", "react"], []))
    assert index.term_idf("go") > index.term_idf("engin")
    scores, _ = index.score({"engin": 1.0, "go": 1.0})
    assert scores.index(max(scores)) == 0


def test_documents_sharing_no_term_score_zero_and_ceiling_bounds_scores() -> None:
    index = _index((["go"], ["grpc", "kafka"]), (["sales"], ["quota"]))
    query = {"go": 1.0, "kafka": 0.5, "unknown": 0.2}
    scores, ceiling = index.score(query)
    assert scores[1] == 0.0
    assert 0.0 < scores[0] < ceiling
    expected_ceiling = sum(w * index.term_idf(t) * (K1 + 1.0) for t, w in query.items())
    assert math.isclose(ceiling, expected_ceiling)


def test_term_frequency_saturates() -> None:
    index = _index((["x"], ["kafka"]), (["y"], ["kafka"] * 3), (["z"], ["kafka"] * 30))
    once, thrice, many = index.score({"kafka": 1.0})[0]
    assert once < thrice < many < once * (K1 + 1.0)


def test_ordering_follows_overlap() -> None:
    index = _index(
        (["backend", "engin", "go"], ["grpc", "postgresql", "kafka", "kubernetes"]),
        (["backend", "engin", "python"], ["django", "postgresql", "redis"]),
        (["frontend", "engin"], ["react", "typescript"]),
    )
    scores, _ = index.score(query_weights([(["backend", "engin"], 3.0), (["go", "kafka", "grpc"], 2.0)]))
    assert sorted(range(3), key=lambda d: -scores[d]) == [0, 1, 2]


def test_query_weights_spread_field_weight_and_damp_repeats() -> None:
    weights = query_weights([(["go"], 3.0), (["go", "go", "go", "kafka"], 2.0), ([], 1.0)])
    assert math.isclose(weights["go"], 3.0 + 2.0 / 2.0 * (1.0 + math.log(3)))
    assert math.isclose(weights["kafka"], 1.0)
