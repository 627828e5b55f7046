"""Evaluate the job matcher on the labelled set: precision@1, recall@3 and hard-filter accuracy.

python eval/job_matching/evaluate.py            # metrics
python eval/job_matching/evaluate.py --errors   # and every miss, with the engine's explanation
python eval/job_matching/evaluate.py --check    # exit 1 when a metric misses its target
python eval/job_matching/evaluate.py --candidates holdout.jsonl   # the hand-written holdout set
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from destination_unified_ats.matching import CandidateProfile, JobMatcher, JobMatchingSettings  # noqa: E402

TARGETS: dict[str, float] = {
    "precision_at_1": 0.85,
    "recall_at_3": 0.90,
    "distractor_rejection_accuracy": 0.95,
    "good_fit_pass_rate": 0.95,
    "closed_job_leaks": 0.0,
}


@dataclass
class Report:
    candidates: int = 0
    predicted: int = 0
    correct_at_1: int = 0
    with_expected: int = 0
    hit_at_3: int = 0
    without_expected: int = 0
    abstained: int = 0
    accurate_at_1: int = 0
    labelled_rejections: int = 0
    rejected_for_reason: int = 0
    good_fit_jobs: int = 0
    good_fit_jobs_passing: int = 0
    closed_job_leaks: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @staticmethod
    def _share(part: int, whole: int) -> float:
        return part / whole if whole else 1.0

    @property
    def precision_at_1(self) -> float:
        """Of the candidates given a top match, the share whose top match is an expected job."""
        return self._share(self.correct_at_1, self.predicted)

    @property
    def recall_at_3(self) -> float:
        """Of the candidates with an expected job, the share with one of them in the top 3."""
        return self._share(self.hit_at_3, self.with_expected)

    @property
    def accuracy_at_1(self) -> float:
        """Top match expected, or no match when none is expected: over every candidate."""
        return self._share(self.accurate_at_1, self.candidates)

    @property
    def abstention_rate(self) -> float:
        """Of the candidates no job fits, the share given no match at all."""
        return self._share(self.abstained, self.without_expected)

    @property
    def distractor_rejection_accuracy(self) -> float:
        """Of the labelled (job, filter) rejections, the share the engine makes for that very filter."""
        return self._share(self.rejected_for_reason, self.labelled_rejections)

    @property
    def good_fit_pass_rate(self) -> float:
        """Of the (good-fit candidate, expected job) pairs, the share no hard filter wrongly rejects."""
        return self._share(self.good_fit_jobs_passing, self.good_fit_jobs)

    def metrics(self) -> dict[str, float]:
        return {
            "precision_at_1": round(self.precision_at_1, 4),
            "recall_at_3": round(self.recall_at_3, 4),
            "accuracy_at_1": round(self.accuracy_at_1, 4),
            "abstention_rate": round(self.abstention_rate, 4),
            "distractor_rejection_accuracy": round(self.distractor_rejection_accuracy, 4),
            "good_fit_pass_rate": round(self.good_fit_pass_rate, 4),
            "closed_job_leaks": float(self.closed_job_leaks),
        }

    def misses(self) -> list[str]:
        """Metrics below their target (closed-job leaks above it)."""
        values = self.metrics()
        out = []
        for name, target in TARGETS.items():
            bad = values[name] > target if name == "closed_job_leaks" else values[name] < target
            if bad:
                out.append(f"{name} {values[name]} (target {target})")
        return out


def load(
    directory: Path = HERE, candidates_file: str = "candidates.jsonl"
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    jobs = json.loads((directory / "jobs.json").read_text())
    lines = (directory / candidates_file).read_text().splitlines()
    return jobs, [json.loads(line) for line in lines if line.strip()]


def evaluate(
    directory: Path = HERE,
    settings: JobMatchingSettings | None = None,
    *,
    candidates_file: str = "candidates.jsonl",
    keep_errors: bool = False,
) -> Report:
    jobs, candidates = load(directory, candidates_file)
    settings = settings or JobMatchingSettings(enabled=True, top_k=3)
    if settings.top_k < 3:
        settings = settings.model_copy(update={"top_k": 3})
    closed = {job["id"] for job in jobs if job.get("status") not in ("OPEN", None)}
    matcher = JobMatcher(jobs, settings)
    report = Report()
    for entry in candidates:
        _score(report, entry, matcher, closed, keep_errors)
    return report


def _score(report: Report, entry: dict[str, Any], matcher: JobMatcher, closed: set[str], keep_errors: bool) -> None:
    profile = CandidateProfile.from_record(entry["record"])
    matches = matcher.match(profile)
    rejections = {r.job_id: r for r in matcher.explain_rejections(profile)}
    expected: Sequence[str] = entry["expected_job_ids"]
    top = [m.job_id for m in matches]
    report.candidates += 1
    report.closed_job_leaks += sum(1 for job_id in top if job_id in closed)
    problems: list[str] = []

    if top:
        report.predicted += 1
        if top[0] in expected:
            report.correct_at_1 += 1
        else:
            problems.append(f"top-1 {top[0]} not in {list(expected)}")
    if expected:
        report.with_expected += 1
        if set(top[:3]) & set(expected):
            report.hit_at_3 += 1
        elif not problems:
            problems.append(f"none of {list(expected)} in top 3 {top}")
    else:
        report.without_expected += 1
        if not top:
            report.abstained += 1
    if (top and top[0] in expected) or (not top and not expected):
        report.accurate_at_1 += 1

    for label in entry["rejections"]:
        report.labelled_rejections += 1
        rejection = rejections.get(label["job_id"])
        if rejection is not None and label["filter"] in rejection.filters:
            report.rejected_for_reason += 1
        else:
            got = rejection.filters if rejection else "passed"
            problems.append(f"{label['job_id']} should fail {label['filter']}, got {got}")
    if entry["kind"] == "fit":
        for job_id in expected:
            report.good_fit_jobs += 1
            if job_id in rejections:
                problems.append(f"good fit wrongly rejected by {job_id}: {rejections[job_id].reason}")
            else:
                report.good_fit_jobs_passing += 1

    if keep_errors and problems:
        report.errors.append(
            {
                "id": entry["id"],
                "kind": entry["kind"],
                "title": entry["record"].get("title"),
                "problems": problems,
                "matches": [asdict(m) for m in matches],
            }
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", action="store_true", help="print every miss")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 when a metric misses its target")
    parser.add_argument("--candidates", default="candidates.jsonl", help="candidates file in this directory")
    args = parser.parse_args(argv)
    report = evaluate(candidates_file=args.candidates, keep_errors=args.errors)
    metrics = report.metrics()
    if args.json:
        print(json.dumps(metrics, indent=2))
    else:
        print(f"candidates: {report.candidates}  (with an expected job: {report.with_expected})")
        rows = (
            ("precision@1", "precision_at_1", report.correct_at_1, report.predicted),
            ("recall@3", "recall_at_3", report.hit_at_3, report.with_expected),
            ("accuracy@1 (abstention counts)", "accuracy_at_1", report.accurate_at_1, report.candidates),
            ("abstention on no-fit", "abstention_rate", report.abstained, report.without_expected),
            (
                "distractors rejected for the labelled reason",
                "distractor_rejection_accuracy",
                report.rejected_for_reason,
                report.labelled_rejections,
            ),
            (
                "good fits not wrongly rejected",
                "good_fit_pass_rate",
                report.good_fit_jobs_passing,
                report.good_fit_jobs,
            ),
        )
        for label, key, part, whole in rows:
            print(f"{label + ':':46} {metrics[key]:.3f}  ({part}/{whole})")
        print(f"{'matches to CLOSED jobs:':46} {report.closed_job_leaks}")
    if args.errors:
        for error in report.errors:
            print(json.dumps(error, indent=1))
    misses = report.misses()
    if misses:
        print("below target: " + "; ".join(misses))
    return 1 if (args.check and misses) else 0


if __name__ == "__main__":
    raise SystemExit(main())
