"""Evaluate the job matcher on a labelled set: precision@1, recall@1, false applications, per kind.

python eval/job_matching/evaluate.py                      # the held-out split, with the targets
python eval/job_matching/evaluate.py --set all            # every set, one after the other
python eval/job_matching/evaluate.py --set tune --errors  # every miss, with the engine's explanation
python eval/job_matching/evaluate.py --check              # exit 1 when a metric misses its target
python eval/job_matching/evaluate.py --candidates holdout.jsonl   # any candidates file of this directory

Sets (README.md): `heldout` (hand-written, never tuned on), `tune` (hand-written, tuned on),
`generated` (candidates.jsonl) and `holdout_v1` (holdout.jsonl, the first hand-written set).
The engine runs with the default settings (so the calibrated min_score), top_k=3 for recall@3, and
the reference date 2026-11-30 for durations such as "since 2023".
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from destination_unified_ats.matching import CandidateProfile, JobMatcher, JobMatchingSettings  # noqa: E402

REFERENCE_DATE = date(2026, 11, 30)
BASE_JOBS = ("jobs.json",)
EXTENDED_JOBS = ("jobs.json", "jobs_extra.json")
# name: (candidates file, job files)
SETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "heldout": ("cases_heldout.jsonl", EXTENDED_JOBS),
    "tune": ("cases_tune.jsonl", EXTENDED_JOBS),
    "generated": ("candidates.jsonl", BASE_JOBS),
    "holdout_v1": ("holdout.jsonl", BASE_JOBS),
}
TUNING_SETS = ("tune", "generated", "holdout_v1")

# Minimums, except the two counts that must stay at or below their value.
TARGETS: dict[str, float] = {
    "precision_at_1": 0.90,
    "recall_at_1": 0.80,
    "false_application_rate": 0.10,
    "non_open_applications": 0.0,
    "distractor_rejection_accuracy": 0.95,
    "good_fit_pass_rate": 0.95,
}
AT_MOST = frozenset({"false_application_rate", "non_open_applications"})


@dataclass
class Tally:
    """Counts for one group of candidates (a whole set, or one kind)."""

    candidates: int = 0
    predicted: int = 0
    correct_at_1: int = 0
    with_expected: int = 0
    hit_at_1: int = 0
    hit_at_3: int = 0
    without_expected: int = 0
    false_applications: int = 0

    def add(self, expected: Sequence[str], top: Sequence[str]) -> None:
        self.candidates += 1
        if top:
            self.predicted += 1
            self.correct_at_1 += top[0] in expected
        if expected:
            self.with_expected += 1
            self.hit_at_1 += bool(top) and top[0] in expected
            self.hit_at_3 += bool(set(top[:3]) & set(expected))
        else:
            self.without_expected += 1
            self.false_applications += bool(top)


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


@dataclass
class Report:
    total: Tally = field(default_factory=Tally)
    kinds: dict[str, Tally] = field(default_factory=dict)
    non_open_applications: int = 0
    unknown_status_applications: int = 0
    labelled_rejections: int = 0
    rejected_for_reason: int = 0
    good_fit_jobs: int = 0
    good_fit_jobs_passing: int = 0
    top_scores: list[dict[str, Any]] = field(default_factory=list)
    """Per candidate: the best score of any job (min_score 0) and whether that job is an expected one."""
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def candidates(self) -> int:
        return self.total.candidates

    @property
    def precision_at_1(self) -> float:
        """Of the candidates given a match, the share whose first match is an expected job."""
        return _share(self.total.correct_at_1, self.total.predicted)

    @property
    def recall_at_1(self) -> float:
        """Of the candidates with an expected job, the share whose first match is one."""
        return _share(self.total.hit_at_1, self.total.with_expected)

    @property
    def recall_at_3(self) -> float:
        return _share(self.total.hit_at_3, self.total.with_expected)

    @property
    def false_application_rate(self) -> float:
        """Of the candidates no open job fits, the share given an application anyway."""
        return self.total.false_applications / self.total.without_expected if self.total.without_expected else 0.0

    @property
    def distractor_rejection_accuracy(self) -> float:
        return _share(self.rejected_for_reason, self.labelled_rejections)

    @property
    def good_fit_pass_rate(self) -> float:
        return _share(self.good_fit_jobs_passing, self.good_fit_jobs)

    def metrics(self) -> dict[str, float]:
        return {
            "precision_at_1": round(self.precision_at_1, 4),
            "recall_at_1": round(self.recall_at_1, 4),
            "recall_at_3": round(self.recall_at_3, 4),
            "false_application_rate": round(self.false_application_rate, 4),
            "non_open_applications": float(self.non_open_applications),
            "distractor_rejection_accuracy": round(self.distractor_rejection_accuracy, 4),
            "good_fit_pass_rate": round(self.good_fit_pass_rate, 4),
        }

    def misses(self) -> list[str]:
        values = self.metrics()
        out = []
        for name, target in TARGETS.items():
            bad = values[name] > target if name in AT_MOST else values[name] < target
            if bad:
                out.append(f"{name} {values[name]} (target {'<=' if name in AT_MOST else '>='} {target})")
        return out


def load_jobs(job_files: Sequence[str], directory: Path = HERE) -> list[dict[str, Any]]:
    jobs: list[dict[str, Any]] = []
    for name in job_files:
        jobs.extend(json.loads((directory / name).read_text()))
    return jobs


def load(
    directory: Path = HERE, candidates_file: str = "candidates.jsonl", job_files: Sequence[str] | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    jobs = load_jobs(job_files or jobs_for(candidates_file), directory)
    lines = (directory / candidates_file).read_text().splitlines()
    return jobs, [json.loads(line) for line in lines if line.strip()]


def jobs_for(candidates_file: str) -> tuple[str, ...]:
    for file_name, job_files in SETS.values():
        if file_name == candidates_file:
            return job_files
    return BASE_JOBS


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
    non_open = {job["id"] for job in jobs if job.get("status") not in ("OPEN", None)}
    unknown_status = {job["id"] for job in jobs if job.get("status") is None}
    matcher = JobMatcher(jobs, settings, today=REFERENCE_DATE)
    unfiltered = JobMatcher(jobs, settings.model_copy(update={"min_score": 0.0, "top_k": 1}), today=REFERENCE_DATE)
    report = Report()
    for entry in candidates:
        _score(report, entry, matcher, unfiltered, (non_open, unknown_status), keep_errors)
    return report


def _score(
    report: Report,
    entry: dict[str, Any],
    matcher: JobMatcher,
    unfiltered: JobMatcher,
    statuses: tuple[set[str], set[str]],
    keep_errors: bool,
) -> None:
    profile = CandidateProfile.from_record(entry["record"])
    matches = matcher.match(profile)
    rejections = {r.job_id: r for r in matcher.explain_rejections(profile)}
    expected: Sequence[str] = entry["expected_job_ids"]
    top = [m.job_id for m in matches]
    report.total.add(expected, top)
    report.kinds.setdefault(entry["kind"], Tally()).add(expected, top)
    report.non_open_applications += sum(1 for job_id in top if job_id in statuses[0])
    report.unknown_status_applications += sum(1 for job_id in top if job_id in statuses[1])
    best = unfiltered.match(profile)
    report.top_scores.append(
        {
            "id": entry["id"],
            "score": best[0].score if best else 0.0,
            "fits_some_job": bool(expected),
            "top_is_expected": bool(best) and best[0].job_id in expected,
        }
    )

    problems: list[str] = []
    if top and top[0] not in expected:
        problems.append(f"top-1 {top[0]} not in {list(expected)}")
    elif expected and not top:
        problems.append(f"no match; expected {list(expected)}")
    for label in entry["rejections"]:
        report.labelled_rejections += 1
        rejection = rejections.get(label["job_id"])
        if rejection is not None and label["filter"] in rejection.filters:
            report.rejected_for_reason += 1
        else:
            got = rejection.filters if rejection else "passed"
            problems.append(f"{label['job_id']} should fail {label['filter']}, got {got}")
    labelled = {label["job_id"] for label in entry["rejections"]}
    for job_id in (j for j in expected if j not in labelled):
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
                "why": entry.get("rationale") or entry.get("note"),
                "problems": problems,
                "best_unfiltered": [asdict(m) for m in best],
                "matches": [asdict(m) for m in matches],
            }
        )


def _rate(part: int, whole: int) -> str:
    return f"{part / whole:.3f} ({part}/{whole})" if whole else "-"


def print_report(name: str, candidates_file: str, report: Report) -> None:
    total = report.total
    metrics = report.metrics()
    print(f"== {name}: {candidates_file}, {total.candidates} candidates ({total.with_expected} with an open fit)")
    rows = (
        ("precision@1", "precision_at_1", total.correct_at_1, total.predicted),
        ("recall@1", "recall_at_1", total.hit_at_1, total.with_expected),
        ("recall@3", "recall_at_3", total.hit_at_3, total.with_expected),
        (
            "false-application rate (no-fit given a job)",
            "false_application_rate",
            total.false_applications,
            total.without_expected,
        ),
        (
            "distractors rejected for the labelled reason",
            "distractor_rejection_accuracy",
            report.rejected_for_reason,
            report.labelled_rejections,
        ),
        (
            "(candidate, fitting job) pairs no filter rejects",
            "good_fit_pass_rate",
            report.good_fit_jobs_passing,
            report.good_fit_jobs,
        ),
    )
    for label, key, part, whole in rows:
        target = TARGETS.get(key)
        goal = f"   target {'<=' if key in AT_MOST else '>='} {target:.2f}" if target is not None else ""
        print(f"  {label + ':':48} {metrics[key]:.3f}  ({part}/{whole}){goal}")
    print(f"  {'applications to non-OPEN jobs:':48} {report.non_open_applications}   target 0")
    print(f"  {'applications to status-unknown jobs:':48} {report.unknown_status_applications}   (indexed as open)")
    print(f"  {'kind':16} {'n':>3}  {'precision@1':>16}  {'recall@1':>16}  {'false applications':>18}")
    for kind in sorted(report.kinds):
        t = report.kinds[kind]
        print(
            f"  {kind:16} {t.candidates:>3}  {_rate(t.correct_at_1, t.predicted):>16}  "
            f"{_rate(t.hit_at_1, t.with_expected):>16}  {_rate(t.false_applications, t.without_expected):>18}"
        )
    misses = report.misses()
    print("  below target: " + "; ".join(misses) if misses else "  all targets met")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", default="heldout", choices=[*SETS, "all"], help="which labelled set")
    parser.add_argument("--candidates", help="a candidates file of this directory (instead of --set)")
    parser.add_argument("--min-score", type=float, help="override the default (calibrated) min_score")
    parser.add_argument("--embedding-model-dir", help="add the optional embedding signal from this model directory")
    parser.add_argument("--errors", action="store_true", help="print every miss")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 when a metric misses its target")
    args = parser.parse_args(argv)
    settings = JobMatchingSettings(enabled=True, top_k=3)
    if args.min_score is not None:
        settings = settings.model_copy(update={"min_score": args.min_score})
    if args.embedding_model_dir:
        settings = JobMatchingSettings(
            enabled=True, top_k=3, min_score=settings.min_score, embedding_model_dir=args.embedding_model_dir
        )
    if args.candidates:
        chosen = [(args.candidates, args.candidates)]
    else:
        names = list(SETS) if args.set == "all" else [args.set]
        chosen = [(name, SETS[name][0]) for name in names]
    failed = False
    for name, candidates_file in chosen:
        report = evaluate(settings=settings, candidates_file=candidates_file, keep_errors=args.errors)
        if args.json:
            print(json.dumps({"set": name, **report.metrics()}, indent=2))
        else:
            print_report(name, candidates_file, report)
        if args.errors:
            for error in report.errors:
                print(json.dumps(error, indent=1))
        failed = failed or bool(report.misses())
    return 1 if (args.check and failed) else 0


if __name__ == "__main__":
    raise SystemExit(main())
