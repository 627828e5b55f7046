"""The stage step: moving an existing application to the record's requested stage, as the policy allows."""

from __future__ import annotations

from destination_unified_ats.mapping import should_move_stage
from destination_unified_ats.models import ApplicationStatus, AtsApplication
from destination_unified_ats.outcomes import ApplicationOutcome, RecordOutcome
from destination_unified_ats.providers import ProviderProfile
from destination_unified_ats.steps import provider_refusals
from destination_unified_ats.unified_client import UnifiedClient


def stage_not_settable(profile: ProviderProfile) -> str:
    return f"{profile.name} does not let the API set an application's stage"


class StageStep:
    def __init__(self, client: UnifiedClient, profile: ProviderProfile, policy: str) -> None:
        self.client = client
        self.profile = profile
        self.policy = policy

    async def move(
        self,
        application: AtsApplication,
        requested: ApplicationStatus,
        applied: ApplicationOutcome,
        outcome: RecordOutcome,
    ) -> None:
        """Sets ``requested`` on ``application`` or says why not; raises `StepFailed` if the provider refuses."""
        assert application.id is not None
        applied.stage = application.status
        if application.status == requested.value:
            applied.stage_action = "unchanged"
            return
        if not self.profile.status_writable:
            applied.stage_action = "kept"
            outcome.warnings.append(stage_not_settable(self.profile))
            return
        if not should_move_stage(application.status, requested, self.policy):
            applied.stage_action = "kept"
            outcome.warnings.append(
                f"application {application.id} stays at {application.status}: stage_update_policy "
                f"{self.policy} does not move it to {requested.value}"
            )
            return
        with provider_refusals("stage"):
            await self.client.update_application(application.id, {"status": requested.value})
        application.status = requested.value
        applied.stage, applied.stage_action = requested.value, "set"


__all__ = ["StageStep", "stage_not_settable"]
