"""The naive flow of Unified's guides, with the official SDK: six sequential requests per sourced candidate.

Search by email, create candidate, create application, attach the resume (base64), set the stage, tag the
candidate. A 429 is handled by sleeping the Retry-After and resending. Run it as a script to time it in its
own process: `python bench/naive_flow.py BASE_URL TOKEN CONNECTION_ID INPUT.jsonl LIMIT` prints one JSON line.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from unified_python_sdk import UnifiedTo
from unified_python_sdk.models import errors, operations, shared

T = TypeVar("T")


class NaiveFlow:
    def __init__(self, base_url: str, token: str, connection_id: str, source_name: str = "bench") -> None:
        self.sdk = UnifiedTo(security=shared.Security(jwt=token), server_url=base_url)
        self.connection_id = connection_id
        self.source_name = source_name
        self.requests: Counter[str] = Counter()
        self.rate_limited = 0

    def _call(self, kind: str, send: Callable[[], T]) -> T:
        while True:
            self.requests[kind] += 1
            try:
                return send()
            except errors.UnifiedToError as exc:
                if exc.status_code != 429:
                    raise
                self.rate_limited += 1
                time.sleep(float(exc.headers.get("retry-after") or 1.0))

    def write(self, data: dict[str, Any]) -> None:
        cid = self.connection_id
        email = data["email"]
        # 1. search the ATS by email
        found = self._call(
            "GET candidate",
            lambda: self.sdk.ats.list_ats_candidates(
                request=operations.ListAtsCandidatesRequest(connection_id=cid, query=email, limit=10, offset=0)
            ),
        )
        matches = [
            c
            for c in found.ats_candidates or []
            if any((e.email or "").strip().lower() == email.lower() for e in c.emails or [])
        ]
        # 2. create the candidate unless it exists
        if matches:
            candidate_id = matches[0].id
        else:
            created = self._call(
                "POST candidate",
                lambda: self.sdk.ats.create_ats_candidate(
                    request=operations.CreateAtsCandidateRequest(
                        connection_id=cid,
                        ats_candidate=shared.AtsCandidate(
                            first_name=data["first_name"],
                            last_name=data["last_name"],
                            emails=[shared.AtsEmail(email=email, type=shared.AtsEmailType.WORK)],
                            title=data.get("title"),
                            company_name=data.get("company_name"),
                            skills=data.get("skills"),
                            origin=shared.Origin.SOURCED,
                        ),
                    )
                ),
            )
            assert created.ats_candidate is not None
            candidate_id = created.ats_candidate.id
        assert candidate_id is not None
        # 3. apply to the job
        application = self._call(
            "POST application",
            lambda: self.sdk.ats.create_ats_application(
                request=operations.CreateAtsApplicationRequest(
                    connection_id=cid,
                    ats_application=shared.AtsApplication(
                        candidate_id=candidate_id,
                        job_id=data["job_id"],
                        status=shared.AtsApplicationStatus.NEW,
                        source=self.source_name,
                    ),
                )
            ),
        )
        assert application.ats_application is not None and application.ats_application.id is not None
        application_id = application.ats_application.id
        # 4. attach the resume
        self._call(
            "POST document",
            lambda: self.sdk.ats.create_ats_document(
                request=operations.CreateAtsDocumentRequest(
                    connection_id=cid,
                    ats_document=shared.AtsDocument(
                        filename=data.get("resume_filename", "resume.pdf"),
                        type=shared.AtsDocumentType.RESUME,
                        candidate_id=candidate_id,
                        document_data=data["resume_base64"],
                    ),
                )
            ),
        )
        # 5. set the stage
        self._call(
            "PUT application",
            lambda: self.sdk.ats.update_ats_application(
                request=operations.UpdateAtsApplicationRequest(
                    connection_id=cid,
                    id=application_id,
                    ats_application=shared.AtsApplication(
                        status=shared.AtsApplicationStatus(data["application_status"])
                    ),
                )
            ),
        )
        # 6. tags and source metadata
        self._call(
            "PUT candidate",
            lambda: self.sdk.ats.update_ats_candidate(
                request=operations.UpdateAtsCandidateRequest(
                    connection_id=cid,
                    id=candidate_id,
                    ats_candidate=shared.AtsCandidate(
                        tags=["bench", *data.get("tags", [])],
                        metadata=[shared.AtsMetadata(slug="source_system", value=self.source_name)],
                    ),
                )
            ),
        )


def read_records(path: Path, limit: int) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    with path.open() as lines:
        for line in lines:
            message = json.loads(line)
            if message.get("type") == "RECORD":
                records.append(message["record"]["data"])
                if len(records) >= limit:
                    break
    return records


def run(base_url: str, token: str, connection_id: str, records: list[dict[str, Any]]) -> dict[str, Any]:
    flow = NaiveFlow(base_url, token, connection_id)
    started = time.perf_counter()
    for data in records:
        flow.write(data)
    wall = time.perf_counter() - started
    return {
        "records": len(records),
        "wall_seconds": wall,
        "records_per_second": len(records) / wall if wall else 0.0,
        "requests": dict(flow.requests),
        "rate_limited": flow.rate_limited,
    }


def main(argv: list[str]) -> int:
    base_url, token, connection_id, path, limit = argv
    records = read_records(Path(path), int(limit))
    print(json.dumps(run(base_url, token, connection_id, records)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
