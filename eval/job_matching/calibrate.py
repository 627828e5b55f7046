"""Choose min_score from the score distribution of the tuning sets, for a target false-application rate.

python eval/job_matching/calibrate.py                 # target 0.05 over tune + generated + holdout_v1
python eval/job_matching/calibrate.py --target 0.08

For every candidate of the tuning sets (never the held-out split) the engine is run with min_score 0
and the best job's score is kept. The candidates no open job fits give the distribution of scores a
false application would have; min_score is set just above the score that lets at most `target` of
them through (rounded up to 0.01). The script prints that distribution, the threshold, and what it
costs: the share of candidates with an open fit whose best job is right but scores below it.
The target is half the held-out goal (0.10) so that a new set of people has room to score higher.
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass

from evaluate import SETS, TUNING_SETS, evaluate

from destination_unified_ats.matching import JobMatchingSettings


@dataclass(frozen=True)
class Calibration:
    min_score: float
    no_fit_scores: tuple[float, ...]
    fit_scores: tuple[float, ...]
    """Best-job scores of candidates whose best job is an expected one."""
    wrong_scores: tuple[float, ...]
    """Best-job scores of candidates with an open fit whose best job is not one of them."""

    def false_application_rate(self, threshold: float) -> float:
        return sum(s >= threshold for s in self.no_fit_scores) / max(1, len(self.no_fit_scores))

    def kept_fits(self, threshold: float) -> float:
        return sum(s >= threshold for s in self.fit_scores) / max(1, len(self.fit_scores))


def threshold_for(no_fit_scores: list[float], target: float) -> float:
    """The lowest 0.01 step that lets at most floor(target x n) no-fit candidates through."""
    ranked = sorted(no_fit_scores, reverse=True)
    allowed = math.floor(target * len(ranked) + 1e-9)
    if allowed >= len(ranked):
        return 0.0
    blocking = ranked[allowed]  # the highest score that must be stopped
    return math.floor(blocking * 100 + 1) / 100


def calibrate(
    target: float, sets: tuple[str, ...] = TUNING_SETS, embedding_model_dir: str | None = None
) -> Calibration:
    settings = JobMatchingSettings(enabled=True, top_k=3, min_score=0.0, embedding_model_dir=embedding_model_dir)
    no_fit: list[float] = []
    fit: list[float] = []
    wrong: list[float] = []
    for name in sets:
        report = evaluate(settings=settings, candidates_file=SETS[name][0])
        for row in report.top_scores:
            if not row["fits_some_job"]:
                no_fit.append(row["score"])
            elif row["top_is_expected"]:
                fit.append(row["score"])
            else:
                wrong.append(row["score"])
    return Calibration(threshold_for(no_fit, target), tuple(no_fit), tuple(fit), tuple(wrong))


def _histogram(scores: tuple[float, ...]) -> str:
    bins = [0] * 10
    for score in scores:
        bins[min(9, int(score * 10))] += 1
    return " ".join(f"{i / 10:.1f}:{count}" for i, count in enumerate(bins))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", type=float, default=0.05, help="false-application rate to allow")
    parser.add_argument("--embedding-model-dir", help="calibrate with the optional embedding signal on")
    args = parser.parse_args(argv)
    result = calibrate(args.target, embedding_model_dir=args.embedding_model_dir)
    print(f"tuning sets: {', '.join(TUNING_SETS)} (held-out split not used)")
    print(f"no-fit candidates: {len(result.no_fit_scores)}; best-job scores by 0.1 bin:")
    print(f"  {_histogram(result.no_fit_scores)}")
    print(f"right best job:    {len(result.fit_scores)}; best-job scores by 0.1 bin:")
    print(f"  {_histogram(result.fit_scores)}")
    print(f"wrong best job:    {len(result.wrong_scores)}; scores: {sorted(result.wrong_scores, reverse=True)}")
    print(f"highest no-fit scores: {sorted(result.no_fit_scores, reverse=True)[:8]}")
    threshold = result.min_score
    print(f"target false-application rate {args.target:.2f} -> min_score {threshold:.2f}")
    print(
        f"at {threshold:.2f}: false-application rate {result.false_application_rate(threshold):.3f}, "
        f"right best jobs kept {result.kept_fits(threshold):.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
