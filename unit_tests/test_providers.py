"""Provider profiles: look-up, refinement from Unified's integration metadata, user overrides, and the
create/update split of payloads they drive."""

from __future__ import annotations

from typing import Any

import pytest

from destination_unified_ats.mapping import WriteDefaults, application_payload, split_payload
from destination_unified_ats.models import ApplicationStatus
from destination_unified_ats.providers import (
    GENERIC,
    PROFILES,
    ProviderProfile,
    profile_for,
    refine_with_support,
    with_overrides,
)
from destination_unified_ats.unified_client import ClientSettings, UnifiedClient
from unified_ats_simulator import SimulatorServer

S, R = "supported", "supported-required"


def support(**objects: dict[str, Any]) -> dict[str, Any]:
    """Integration `support` in the shape `GET /unified/integration` answers it (`ats_<object>` entries)."""
    return {f"ats_{kind}": entry for kind, entry in objects.items()}


def fields(*names: str, required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"outbound_fields": {n: R if n in required else S for n in (*names, *required)}}


ALL_CANDIDATE = ("first_name", "last_name", "name", "emails", "telephones", "title", "company_name", "summary")
ALL_CANDIDATE += ("link_urls", "skills", "tags", "sources", "origin", "metadata")


# ---- look-up -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("integration_type", [None, ""])
def test_no_integration_type_is_the_generic_profile(integration_type: str | None) -> None:
    assert profile_for(integration_type) is GENERIC
    assert not GENERIC.known


def test_profiles_are_found_whatever_the_case() -> None:
    assert profile_for("GreenHouse") is PROFILES["greenhouse"]
    assert profile_for("greenhouse").document_target == "application"


def test_an_unknown_integration_gets_a_generic_profile_under_its_own_name() -> None:
    profile = profile_for("Acme-ATS")
    assert profile.name == "acme-ats"
    assert not profile.known
    assert (profile.document_target, profile.document_forms) == (GENERIC.document_target, GENERIC.document_forms)


def test_describe_names_target_forms_and_untested_forms() -> None:
    assert PROFILES["lever"].describe() == "lever: documents on candidate as base64 or url (untested)"
    assert PROFILES["greenhouse"].describe() == "greenhouse: documents on application as url"
    assert ProviderProfile(name="x", document_forms=frozenset()).describe() == "x: documents on candidate as none"


# ---- refinement from integration metadata ------------------------------------------------------------


@pytest.mark.parametrize("metadata", [None, {}])
def test_no_metadata_keeps_the_profile(metadata: dict[str, Any] | None) -> None:
    assert refine_with_support(PROFILES["lever"], metadata) is PROFILES["lever"]


def test_candidate_fields_the_integration_does_not_take_become_unwritable() -> None:
    greenhouse = PROFILES["greenhouse"]
    without = {"skills", "tags", "metadata"}
    refined = refine_with_support(greenhouse, support(candidate=fields(*(set(ALL_CANDIDATE) - without))))
    # the profile's own unwritable fields stay, the metadata adds the ones it leaves out
    assert refined.candidate_unwritable == greenhouse.candidate_unwritable | without
    assert refined.document_target == greenhouse.document_target


def test_required_candidate_fields_are_learnt_once_and_only_for_emails_and_name() -> None:
    ashby = PROFILES["ashby"]  # requires name already
    metadata = support(candidate=fields("first_name", required=("name", "emails", "title")))
    refined = refine_with_support(ashby, metadata)
    assert refined.candidate_required == ("name", "emails")


def test_an_application_status_the_integration_cannot_write_is_not_sent() -> None:
    lever = PROFILES["lever"]
    assert lever.status_writable
    refined = refine_with_support(lever, support(application=fields("source", required=("candidate_id", "job_id"))))
    assert not refined.status_writable
    assert "status" in refined.application_unwritable and "source" not in refined.application_unwritable


def test_documents_are_not_writable_when_create_is_unsupported() -> None:
    no_create = support(document={"methods": {"list": True, "get": True, "create": False}})
    assert not refine_with_support(PROFILES["lever"], no_create).documents_writable
    with_create = support(document={"methods": {"list": True, "create": True}})
    assert refine_with_support(PROFILES["lever"], with_create).documents_writable


def test_document_forms_narrow_to_what_both_profile_and_metadata_allow() -> None:
    lever = PROFILES["lever"]  # base64 and url
    refined = refine_with_support(lever, support(document=fields("candidate_id", "filename", "document_data")))
    assert refined.document_forms == {"base64"}


def test_metadata_forms_win_when_they_share_nothing_with_the_profile() -> None:
    ashby = PROFILES["ashby"]  # base64 only
    refined = refine_with_support(ashby, support(document=fields("candidate_id", "document_url")))
    assert refined.document_forms == {"url"}


def test_document_fields_without_a_form_keep_the_profile_forms() -> None:
    lever = PROFILES["lever"]
    assert refine_with_support(lever, support(document=fields("candidate_id", "filename"))).document_forms == (
        lever.document_forms
    )


@pytest.mark.parametrize(
    ("document_fields", "target"),
    [
        (("application_id", "document_data"), "application"),
        (("candidate_id", "document_data"), "candidate"),
        (("candidate_id", "application_id", "document_data"), "candidate"),  # either: the generic default
    ],
)
def test_an_unknown_integration_learns_where_documents_attach(document_fields: tuple[str, ...], target: str) -> None:
    refined = refine_with_support(profile_for("acme"), support(document=fields(*document_fields)))
    assert refined.document_target == target


def test_a_known_integration_keeps_its_document_target() -> None:
    greenhouse = PROFILES["greenhouse"]
    refined = refine_with_support(greenhouse, support(document=fields("candidate_id", "document_url")))
    assert refined.document_target == "application"


@pytest.mark.parametrize("key", ["ats_candidate", "candidate", "ats.candidate"])
def test_all_spellings_of_the_object_key_are_read(key: str) -> None:
    refined = refine_with_support(GENERIC, {key: fields(*(set(ALL_CANDIDATE) - {"origin"}))})
    assert "origin" in refined.candidate_unwritable


def test_malformed_metadata_entries_are_ignored() -> None:
    metadata = {"ats_candidate": "supported", "ats_document": {"outbound_fields": ["document_url"], "methods": None}}
    assert refine_with_support(PROFILES["lever"], metadata) == PROFILES["lever"]


@pytest.mark.parametrize("name", sorted(PROFILES))
async def test_the_simulated_integration_metadata_agrees_with_each_built_in_profile(name: str) -> None:
    """Each built-in profile already says what Unified's metadata (as the simulator serves it) says."""
    with SimulatorServer(profile=name) as sim:
        settings = ClientSettings(base_url=sim.base_url, token=sim.token, connection_id=sim.connection_id)
        async with UnifiedClient(settings) as client:
            [integration] = await client.list_integrations(name)
    assert integration.support
    assert refine_with_support(PROFILES[name], integration.support) == PROFILES[name]


# ---- user overrides ----------------------------------------------------------------------------------


def test_overrides_win_and_make_the_handling_known() -> None:
    lever = PROFILES["lever"]
    chosen = with_overrides(lever, "url", "application")
    assert (chosen.document_forms, chosen.document_target) == ({"url"}, "application")
    assert chosen.document_forms_unverified == frozenset()  # chosen by the user: no longer "untested"
    unknown = with_overrides(profile_for("acme"), "base64", "auto")
    assert unknown.known and unknown.document_forms == {"base64"} and unknown.document_target == "candidate"


def test_auto_overrides_change_nothing() -> None:
    acme = profile_for("acme")
    assert with_overrides(acme, "auto", "auto") is acme
    assert not with_overrides(acme, "auto", "auto").known


# ---- create / update split ---------------------------------------------------------------------------


def test_greenhouse_application_status_is_written_by_the_update_after_create() -> None:
    greenhouse = PROFILES["greenhouse"]
    payload = application_payload("c1", "j1", ApplicationStatus.SCREENING, WriteDefaults(source_name="Talent DB"))
    create, later = split_payload(payload, greenhouse.application_update_only, greenhouse.application_unwritable)
    assert create == {"candidate_id": "c1", "job_id": "j1", "source": "Talent DB"}
    assert later == {"status": "SCREENING"}


def test_unwritable_fields_are_sent_neither_on_create_nor_after() -> None:
    vincere = PROFILES["vincere"]
    payload = application_payload("c1", "j1", ApplicationStatus.NEW, WriteDefaults(source_name="Talent DB"))
    create, later = split_payload(payload, vincere.application_update_only, vincere.application_unwritable)
    assert create == {"candidate_id": "c1", "job_id": "j1", "status": "NEW"}
    assert later == {}


def test_a_field_both_update_only_and_unwritable_is_dropped() -> None:
    create, later = split_payload({"a": 1, "tags": ["x"]}, frozenset({"tags"}), frozenset({"tags"}))
    assert (create, later) == ({"a": 1}, {})


def test_candidate_split_for_a_profile_refined_by_metadata() -> None:
    refined = refine_with_support(PROFILES["ashby"], support(candidate=fields(*(set(ALL_CANDIDATE) - {"skills"}))))
    payload = {"name": "Jane Doe", "emails": [{"email": "j@x.io"}], "tags": ["k8s"], "skills": ["go"]}
    create, later = split_payload(payload, refined.candidate_update_only, refined.candidate_unwritable)
    assert create == {"name": "Jane Doe", "emails": [{"email": "j@x.io"}]}
    assert later == {"tags": ["k8s"]}
