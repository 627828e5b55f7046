"""The resume step of a record: where the document attaches, in which form, and what this sync has learnt.

Per record, the attempts are (binding, form, source) in order of preference:
- the record's URL, passed to the ATS as ``document_url`` (no upload of bytes the ATS can fetch itself), once it
  passes the same URL rules as a download (scheme, public host after resolving: never a relay into a network);
- the record's own contents as ``document_data``;
- the URL downloaded by the connector (`resume_fetch`) and sent as contents: the fallback.
A form the provider documents as refused is never sent. A form nobody documents (Lever's URLs, say), and every
binding and form of an integration without a profile, is tried, one record at a time until the answer is in:
a 4xx rules the pair out for the rest of the sync, a success lets the remaining records go concurrently.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal

from destination_unified_ats.errors import BadRequestError
from destination_unified_ats.identity import CandidateEntry
from destination_unified_ats.mapping import document_payload
from destination_unified_ats.models import AtsApplication, AtsDocument
from destination_unified_ats.outcomes import RecordOutcome
from destination_unified_ats.providers import DocumentForm, DocumentTarget, ProviderProfile
from destination_unified_ats.resume_fetch import FetchLimits, ResumeFetcher, ResumeFetchError
from destination_unified_ats.resumes import ResumeInput
from destination_unified_ats.steps import StepFailed, provider_refusals
from destination_unified_ats.unified_client import UnifiedClient

logger = logging.getLogger("airbyte")

CreateOnce = Callable[[Callable[[], Awaitable[Any]], Callable[[datetime], Awaitable[Any]]], Awaitable[tuple[Any, bool]]]
Source = Literal["url", "contents", "download"]
Pair = tuple[str, str]  # (binding, form)


@dataclass(frozen=True)
class Attempt:
    target: str  # candidate | application
    source: Source

    @property
    def form(self) -> DocumentForm:
        return "url" if self.source == "url" else "base64"

    @property
    def pair(self) -> Pair:
        return self.target, self.form

    def describe(self) -> str:
        how = {"url": "a URL", "contents": "file contents", "download": "the downloaded file"}[self.source]
        return f"{how} on the {self.target}"


@dataclass
class DocumentStrategy:
    """Where and how documents go in this sync: the profile's answer, plus what the provider's answers taught."""

    target: DocumentTarget
    forms: frozenset[DocumentForm]
    unverified: frozenset[DocumentForm] = frozenset()
    known: bool = True  # False: an integration without a profile, whose binding is learnt too
    learnt: bool = False  # the binding of an unknown integration is learnt
    accepted: set[Pair] = field(default_factory=set)
    refused: set[Pair] = field(default_factory=set)

    def pending(self, pair: Pair) -> bool:
        """Whether sending ``pair`` is still a question this sync has to ask the provider."""
        if pair in self.accepted or pair in self.refused:
            return False
        return not self.known or pair[1] in self.unverified

    def learn(self, pair: Pair) -> None:
        self.accepted.add(pair)
        if not self.known and not self.learnt:
            self.target = "application" if pair[0] == "application" else "candidate"
            self.learnt = True

    def refuse(self, pair: Pair) -> bool:
        """A 4xx for ``pair``: ruled out for the sync when its answer was still open. Returns whether it was."""
        if not self.pending(pair):
            return False
        self.refused.add(pair)
        return True


class ResumeAttacher:
    def __init__(
        self,
        client: UnifiedClient,
        profile: ProviderProfile,
        fetcher: ResumeFetcher | None,
        create_once: CreateOnce,
    ) -> None:
        self.client = client
        self.profile = profile
        self.fetcher = fetcher
        # Without a fetcher (downloads off) URLs are still vetted before the ATS is handed one.
        self._vetter = fetcher or ResumeFetcher(FetchLimits())
        self._create_once = create_once
        self.strategy = DocumentStrategy(
            target=profile.document_target,
            forms=profile.document_forms,
            unverified=profile.document_forms_unverified,
            known=profile.known,
        )
        # While a binding or form is being learnt, one resume at a time.
        self._learning = asyncio.Lock()

    async def attach(
        self,
        entry: CandidateEntry,
        application: AtsApplication | None,
        resume: ResumeInput,
        outcome: RecordOutcome,
    ) -> None:
        """Attaches the record's resume, or raises `StepFailed` saying why it was not."""
        with provider_refusals("document"):
            async with self._alone_while_learning(resume, application):
                await self._send(entry, application, resume, outcome)

    @contextlib.asynccontextmanager
    async def _alone_while_learning(
        self, resume: ResumeInput, application: AtsApplication | None
    ) -> AsyncIterator[None]:
        """While a binding or form this resume would try is being learnt, one resume at a time.

        The question is asked again once the lock is ours: the records queued behind the one that learnt the
        answer go concurrently from then on instead of one by one (which held every state back to the end).
        """
        if not self._learning_needed(resume, application):
            yield
            return
        async with self._learning:
            learning = self._learning_needed(resume, application)
            if learning:
                yield
        if not learning:
            yield

    def _learning_needed(self, resume: ResumeInput, application: AtsApplication | None) -> bool:
        return any(self.strategy.pending(a.pair) for a in self._attempts(resume, application)[0])

    async def _send(
        self, entry: CandidateEntry, application: AtsApplication | None, resume: ResumeInput, outcome: RecordOutcome
    ) -> None:
        # Planned here, under the lock when learning: what an earlier record taught applies.
        attempts, reason = self._attempts(resume, application)
        if not attempts:
            raise StepFailed("document", reason, "resume")
        notes: list[str] = []
        url_problem: str | None = None
        for index, attempt in enumerate(attempts):
            if attempt.source in ("url", "download") and url_problem is not None:
                continue
            candidate_id, application_id = self._ids(attempt, entry, application)
            filenames = await self._filenames(entry, candidate_id, application_id)
            if resume.filename.lower() in filenames:
                outcome.document_action = "existing"
                return
            if attempt.source == "url":
                url_problem = await self._url_problem(resume)
                if url_problem is not None:
                    continue
            content = await self._content_for(resume, attempt, notes)
            if content.filename.lower() in filenames:
                outcome.document_action = "existing"
                return
            try:
                document = await self._attach(content, candidate_id, application_id, attempt.form)
            except BadRequestError as exc:
                ruled_out = self.strategy.refuse(attempt.pair)
                said = f"{exc.status}: {exc.provider_message}"
                notes.append(f"{self.profile.name} refused {attempt.describe()} ({said})")
                following = [a for a in attempts[index + 1 :] if a.source == "contents" or url_problem is None]
                if not following:
                    raise
                learnt = ", not tried again in this sync" if ruled_out else ""
                logger.info(
                    f"{self.profile.name} refused a resume as {attempt.describe()} ({said}{learnt}); "
                    f"trying {following[0].describe()}"
                )
                continue
            self.strategy.learn(attempt.pair)
            if url_problem is not None:
                outcome.warnings.append(f"resume_url not used, the file contents were sent instead: {url_problem}")
            filenames.add(content.filename.lower())
            outcome.document_id, outcome.document_action = document.id, "attached"
            return
        if url_problem is not None:
            raise StepFailed("document", url_problem, "resume_url")

    def _ids(
        self, attempt: Attempt, entry: CandidateEntry, application: AtsApplication | None
    ) -> tuple[str | None, str | None]:
        application_id = application.id if attempt.target == "application" and application is not None else None
        return (None if application_id else entry.id), application_id

    async def _filenames(self, entry: CandidateEntry, candidate_id: str | None, application_id: str | None) -> set[str]:
        target_id = application_id or candidate_id
        assert target_id is not None
        filenames = entry.documents.get(target_id)
        if filenames is None:
            filenames = await self._attached_filenames(candidate_id, application_id)
            entry.documents[target_id] = filenames
        return filenames

    async def _url_problem(self, resume: ResumeInput) -> str | None:
        assert resume.url is not None
        try:
            await self._vetter.vet(resume.url)
        except ResumeFetchError as exc:
            return exc.reason
        return None

    async def _attach(
        self, content: ResumeInput, candidate_id: str | None, application_id: str | None, form: str
    ) -> AtsDocument:
        payload = document_payload(content, candidate_id=candidate_id, application_id=application_id, form=form)
        document, _ = await self._create_once(
            lambda: self.client.create_document(payload),
            lambda since: self._find_document(candidate_id, application_id, content.filename),
        )
        assert isinstance(document, AtsDocument)
        return document

    def _attempts(self, resume: ResumeInput, application: AtsApplication | None) -> tuple[list[Attempt], str]:
        """What to try for this resume, best first, without what this sync has seen refused; or why nothing."""
        name = self.profile.name
        if not self.profile.documents_writable:
            return [], f"{name} does not accept documents through Unified"
        strategy = self.strategy
        targets = _ordered_targets(strategy.target, application is not None)
        if not targets:
            return [], f"{name} attaches documents to applications only, and this record has no application"
        if self.profile.known:
            targets = targets[:1]
        elif not strategy.learnt and application is not None:
            targets += [t for t in ("candidate", "application") if t not in targets]
        sources: list[Source] = []
        if resume.url and "url" in strategy.forms:
            sources.append("url")
        if "base64" in strategy.forms:
            if resume.data_base64:
                sources.append("contents")
            elif resume.url and self.fetcher is not None:
                sources.append("download")
        if not sources:
            if not resume.url:
                return [], f"{name} accepts resumes only as URLs (document_url); this record has only file contents"
            return [], f"{name} accepts resumes only as file contents and downloading resume URLs is off"
        planned = [Attempt(t, s) for t in targets for s in sources]
        attempts = [a for a in planned if a.pair not in strategy.refused]
        if not attempts:
            tried = ", ".join(a.describe() for a in planned)
            return [], f"{name} refused resumes sent as {tried} earlier in this sync"
        return attempts, ""

    async def _content_for(self, resume: ResumeInput, attempt: Attempt, notes: list[str]) -> ResumeInput:
        """The resume as ``attempt`` sends it: the URL alone, the contents alone, or the download's contents.

        Raises `StepFailed` for a resume over the provider's size limit or a URL that could not be downloaded.
        """
        limit = self.profile.max_document_bytes
        if attempt.source != "download":
            if limit and resume.size and resume.size > limit:
                raise StepFailed("document", self._too_large(resume.size, limit), "resume")
            if attempt.source == "url":
                return replace(resume, data_base64=None)
            return replace(resume, url=None)
        assert self.fetcher is not None and resume.url is not None
        try:
            fetched = await self.fetcher.fetch(resume.url, resume.filename)
        except ResumeFetchError as exc:
            earlier = f" (after {'; '.join(notes)})" if notes else ""
            reason = f"resume_url could not be downloaded: {exc.reason}{earlier}"
            raise StepFailed("document", reason, "resume_url") from None
        if limit and len(fetched.content) > limit:
            raise StepFailed("document", self._too_large(len(fetched.content), limit), "resume_url")
        return ResumeInput(
            filename=fetched.filename,
            data_base64=base64.b64encode(fetched.content).decode("ascii"),
            size=len(fetched.content),
            sha256=fetched.sha256,
            media_type=fetched.content_type,
        )

    def _too_large(self, size: int, limit: int) -> str:
        return f"the resume is {size:,} bytes, over {self.profile.name}'s limit of {limit:,} bytes"

    async def _attached_filenames(self, candidate_id: str | None, application_id: str | None) -> set[str]:
        documents = await self.client.list_documents(candidate_id=candidate_id, application_id=application_id)
        return {d.filename.lower() for d in documents if d.filename}

    async def _find_document(
        self, candidate_id: str | None, application_id: str | None, filename: str
    ) -> AtsDocument | None:
        documents = await self.client.list_documents(candidate_id=candidate_id, application_id=application_id)
        return next((d for d in documents if (d.filename or "").lower() == filename.lower()), None)


def _ordered_targets(target: str, has_application: bool) -> list[str]:
    if target == "candidate":
        return ["candidate"]
    if target == "application":
        return ["application"] if has_application else []
    return ["application", "candidate"] if has_application else ["candidate"]
