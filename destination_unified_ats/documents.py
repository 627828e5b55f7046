"""The resume step of a record: where the document attaches, in which form, and what this sync has learnt.

`ResumeAttacher` owns the document strategy (binding and form, learnt per sync where the provider's behaviour
is not documented) and the download fallback; `workflow.RecordWriter` calls it once per record with a resume.
"""

from __future__ import annotations

import asyncio
import base64
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar

from destination_unified_ats.errors import BadRequestError, NotFoundError
from destination_unified_ats.identity import CandidateEntry
from destination_unified_ats.mapping import document_payload
from destination_unified_ats.models import AtsApplication, AtsDocument
from destination_unified_ats.outcomes import RecordOutcome, provider_said
from destination_unified_ats.providers import DocumentStrategy, ProviderProfile
from destination_unified_ats.resume_fetch import ResumeFetcher, ResumeFetchError
from destination_unified_ats.resumes import ResumeInput
from destination_unified_ats.unified_client import UnifiedClient

T = TypeVar("T")
logger = logging.getLogger("airbyte")

CreateOnce = Callable[[Callable[[], Awaitable[Any]], Callable[[datetime], Awaitable[Any]]], Awaitable[tuple[Any, bool]]]


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
        self._create_once = create_once
        self.strategy = DocumentStrategy(target=profile.document_target, forms=profile.document_forms)
        # While an unknown integration's document handling is being learnt, one resume at a time.
        self._learning = asyncio.Lock()

    async def attach(
        self,
        entry: CandidateEntry,
        application: AtsApplication | None,
        resume: ResumeInput,
        outcome: RecordOutcome,
    ) -> None:
        """Attaches the record's resume, or records on ``outcome`` why it was not."""
        try:
            if not (self.profile.known or self.strategy.learnt):
                async with self._learning:
                    # Re-checked under the lock: once one upload has taught the binding, the rest run concurrently.
                    if not self.strategy.learnt:
                        await self._resume(entry, application, resume, outcome)
                        return
            await self._resume(entry, application, resume, outcome)
        except (BadRequestError, NotFoundError) as exc:
            outcome.reject("document", provider_said(exc))

    async def _resume(
        self,
        entry: CandidateEntry,
        application: AtsApplication | None,
        resume: ResumeInput,
        outcome: RecordOutcome,
    ) -> None:
        plans, reason = self._document_plans(resume, application)
        if not plans:
            outcome.reject("document", reason, "resume")
            return
        for attempt, (target, form) in enumerate(plans):
            application_id = application.id if target == "application" and application is not None else None
            candidate_id = None if application_id else entry.id
            target_id = application_id or entry.id
            filenames = entry.documents.get(target_id)
            if filenames is None:
                filenames = await self._attached_filenames(candidate_id, application_id)
                entry.documents[target_id] = filenames
            if resume.filename.lower() in filenames:
                outcome.document_action = "existing"
                return
            content = await self._content_for(resume, form, outcome)
            if content is None:
                return
            try:
                document = await self._attach(content, candidate_id, application_id, form)
            except BadRequestError as exc:
                self.strategy.refuse(target, form, unknown=not self.profile.known)
                if attempt == len(plans) - 1:
                    raise
                logger.info(
                    f"{self.profile.name} refused a resume on the {target} as {form} ({exc.status}: "
                    f"{exc.provider_message}); trying {plans[attempt + 1][0]} as {plans[attempt + 1][1]}"
                )
                continue
            self.strategy.learn(target, form, unknown=not self.profile.known)
            filenames.add(resume.filename.lower())
            outcome.document_id, outcome.document_action = document.id, "attached"
            return

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

    def _document_plans(
        self, resume: ResumeInput, application: AtsApplication | None
    ) -> tuple[list[tuple[str, str]], str]:
        """(target, form) pairs to try, best first; for an unknown integration, the alternatives too."""
        name = self.profile.name
        if not self.profile.documents_writable:
            return [], f"{name} does not accept documents through Unified"
        strategy = self.strategy
        targets = _ordered_targets(strategy.target, application is not None)
        if not targets:
            return [], f"{name} attaches documents to applications only, and this record has no application"
        natural = "base64" if resume.data_base64 else "url"
        forms: list[str] = [f for f in (natural, "base64" if natural == "url" else None) if f in strategy.forms]
        if natural == "url" and "base64" in forms and self.fetcher is None:
            forms.remove("base64")
        if not forms:
            if natural == "base64":
                return [], f"{name} accepts resumes only as URLs (document_url); this record has only file contents"
            return [], f"{name} accepts resumes only as file contents and downloading resume URLs is off"
        plans = [(t, f) for t in targets for f in forms]
        if self.profile.known:
            return plans[:1], ""
        if not strategy.learnt and application is not None:
            plans += [(t, f) for t in ("candidate", "application") if t not in targets for f in forms]
        open_plans = [plan for plan in plans if plan not in strategy.refused]
        if not open_plans:
            tried = ", ".join(f"{f} on the {t}" for t, f in plans)
            return [], f"{name} refused resumes sent as {tried} earlier in this sync"
        return open_plans, ""

    async def _content_for(self, resume: ResumeInput, form: str, outcome: RecordOutcome) -> ResumeInput | None:
        """The resume in the form to send; a URL is downloaded when the provider takes only contents."""
        limit = self.profile.max_document_bytes
        if form == "url" or resume.data_base64 is not None:
            if limit and resume.size and resume.size > limit:
                outcome.reject("document", self._too_large(resume.size, limit), "resume")
                return None
            return resume
        assert self.fetcher is not None and resume.url is not None
        try:
            fetched = await self.fetcher.fetch(resume.url, resume.filename)
        except ResumeFetchError as exc:
            outcome.reject("document", f"resume_url could not be downloaded: {exc.reason}", "resume_url")
            return None
        if limit and len(fetched.content) > limit:
            outcome.reject(
                "document",
                self._too_large(len(fetched.content), limit),
                "resume_url",
            )
            return None
        return ResumeInput(
            filename=resume.filename,
            data_base64=base64.b64encode(fetched.content).decode("ascii"),
            size=len(fetched.content),
            sha256=fetched.sha256,
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
