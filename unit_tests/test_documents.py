"""The document strategy: which binding and form a resume is sent as, and what a provider's answers teach."""

from __future__ import annotations

from typing import Any, cast

import pytest

from destination_unified_ats.documents import Attempt, DocumentStrategy, ResumeAttacher
from destination_unified_ats.models import AtsApplication
from destination_unified_ats.providers import profile_for, with_overrides
from destination_unified_ats.resume_fetch import FetchLimits, ResumeFetcher
from destination_unified_ats.resumes import ResumeInput

URL = "https://files.example.com/cv.pdf"
BOTH = ResumeInput(filename="cv.pdf", data_base64="JVBERi0=", url=URL, size=5)
CONTENTS = ResumeInput(filename="cv.pdf", data_base64="JVBERi0=", size=5)
LINK = ResumeInput(filename="cv.pdf", url=URL)
APPLICATION = AtsApplication.model_validate({"id": "app_1", "candidate_id": "cand_1", "job_id": "job_1"})


async def _never(*_: Any) -> Any:
    raise AssertionError("planning sends nothing")


def attacher(integration: str, *, downloads: bool = True, upload: str = "auto") -> ResumeAttacher:
    profile = with_overrides(profile_for(integration), upload, "auto")
    fetcher = ResumeFetcher(FetchLimits()) if downloads else None
    return ResumeAttacher(cast(Any, None), profile, fetcher, cast(Any, _never))


def plan(writer: ResumeAttacher, resume: ResumeInput, application: AtsApplication | None = APPLICATION) -> list[str]:
    attempts, reason = writer._attempts(resume, application)
    return [f"{a.target}:{a.source}" for a in attempts] or [reason]


@pytest.mark.parametrize(
    ("integration", "resume", "expected"),
    [
        # URL where the provider takes URLs: never an upload of bytes it can fetch itself.
        ("greenhouse", BOTH, ["application:url"]),
        ("smartrecruiters", BOTH, ["candidate:url"]),
        ("vincere", BOTH, ["candidate:url", "candidate:contents"]),
        # Undocumented URLs: the record's URL first, its contents or a download as the fallback.
        ("lever", LINK, ["candidate:url", "candidate:download"]),
        ("workable", BOTH, ["application:url", "application:contents"]),
        ("cats", CONTENTS, ["candidate:contents"]),
        # Documented refusals stay.
        ("bullhorn", BOTH, ["candidate:contents"]),
        (
            "greenhouse",
            CONTENTS,
            ["greenhouse accepts resumes only as URLs (document_url); this record has only file contents"],
        ),
        # An integration without a profile: every binding is a question.
        ("hirebridge", LINK, ["candidate:url", "candidate:download", "application:url", "application:download"]),
    ],
)
def test_attempts_in_order_of_preference(integration: str, resume: ResumeInput, expected: list[str]) -> None:
    assert plan(attacher(integration), resume) == expected


def test_without_downloads_a_url_only_goes_where_urls_may_go() -> None:
    assert plan(attacher("lever", downloads=False), LINK) == ["candidate:url"]
    assert plan(attacher("bullhorn", downloads=False), LINK) == [
        "bullhorn accepts resumes only as file contents and downloading resume URLs is off"
    ]


def test_a_refusal_of_an_untested_form_holds_for_the_sync_and_a_refusal_of_a_documented_one_does_not() -> None:
    writer = attacher("lever")
    assert writer.strategy.pending(("candidate", "url")) and not writer.strategy.pending(("candidate", "base64"))
    assert writer.strategy.refuse(("candidate", "url")) is True
    assert plan(writer, LINK) == ["candidate:download"]
    assert plan(writer, BOTH) == ["candidate:contents"]
    assert writer.strategy.refuse(("candidate", "base64")) is False  # documented: one file's problem, not the form's
    assert plan(writer, CONTENTS) == ["candidate:contents"]


def test_an_accepted_untested_form_is_settled() -> None:
    writer = attacher("workable")
    writer.strategy.learn(("application", "url"))
    assert not writer.strategy.pending(("application", "url"))
    assert writer.strategy.refuse(("application", "url")) is False  # later 4xx: that URL's problem, fall back
    assert plan(writer, LINK) == ["application:url", "application:download"]


def test_the_users_choice_settles_the_form() -> None:
    writer = attacher("lever", upload="url")
    assert not writer.strategy.pending(("candidate", "url"))
    assert plan(writer, BOTH) == ["candidate:url"]


def test_an_unknown_integration_learns_its_binding_from_the_first_success() -> None:
    strategy = DocumentStrategy(target="candidate", forms=frozenset({"base64", "url"}), known=False)
    assert strategy.pending(("application", "base64"))
    strategy.refuse(("candidate", "base64"))
    strategy.learn(("application", "base64"))
    assert (strategy.target, strategy.learnt) == ("application", True)
    assert strategy.pending(("application", "url"))  # learning the binding does not answer the other form


def test_attempts_describe_themselves() -> None:
    assert Attempt("application", "download").describe() == "the downloaded file on the application"
    assert Attempt("candidate", "url").pair == ("candidate", "url")
