from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from destination_unified_ats.field_mapping import (
    ALIASES,
    CONTRACT_FIELDS,
    FieldMapper,
    FieldMapping,
    compile_path,
)
from destination_unified_ats.records import RecordRejected, parse_record


def mapper(*pairs: tuple[str, str], auto_detect: bool = True) -> FieldMapper:
    return FieldMapper(
        [FieldMapping.model_validate({"source_path": p, "record_field": f}) for p, f in pairs],
        auto_detect=auto_detect,
    )


def mapped(data: dict[str, Any], *pairs: tuple[str, str], auto_detect: bool = True) -> dict[str, Any]:
    result = mapper(*pairs, auto_detect=auto_detect).apply(data)
    assert isinstance(result, dict)
    return result


def rejected(data: dict[str, Any], *pairs: tuple[str, str], auto_detect: bool = True) -> RecordRejected:
    with pytest.raises(RecordRejected) as info:
        mapper(*pairs, auto_detect=auto_detect).apply(data)
    return info.value


E = {"email": "jane@example.com"}


# --- contract fields --------------------------------------------------------------------------------------------------


def test_contract_fields_are_exactly_the_documented_ones() -> None:
    assert CONTRACT_FIELDS == (
        "email",
        "emails",
        "first_name",
        "last_name",
        "name",
        "title",
        "company_name",
        "summary",
        "phone",
        "telephones",
        "link_urls",
        "skills",
        "years_experience",
        "degree",
        "location",
        "remote",
        "job_id",
        "application_status",
        "tags",
        "metadata",
        "resume_base64",
        "resume_filename",
        "resume_url",
        "match_score",
        "match_explanation",
    )
    assert set(ALIASES) == set(CONTRACT_FIELDS)


def test_record_already_in_contract_shape_is_copied_not_changed() -> None:
    data = {"email": "jane@example.com", "first_name": "Jane", "skills": ["go"], "match_score": 0.5, "id": 7}
    result = mapped(data)
    assert result == {"email": "jane@example.com", "first_name": "Jane", "skills": ["go"], "match_score": 0.5}
    assert result is not data
    assert data["id"] == 7  # the input is not mutated


def test_fields_that_are_not_contract_fields_are_dropped() -> None:
    assert mapped({**E, "id": 1, "gender": "x", "nested": {"a": 1}, "created_at": "2024-01-01"}) == E


def test_null_values_count_as_absent() -> None:
    assert mapped({"email": "a@b.co", "title": None, "Job Title": "Engineer"}) == {
        "email": "a@b.co",
        "title": "Engineer",
    }


# --- path syntax --------------------------------------------------------------------------------------------------------

NESTED = {
    "contact": {"email": "jane@example.com", "phones": [{"number": "+1 555"}, {"number": "+1 666"}]},
    "emails": [{"value": "first@example.com", "type": "work"}, {"value": "second@example.com"}],
    "profile": {"links": ["https://github.com/jane", None, "https://jane.dev"]},
    "first name": "Jane",
    "a.b": {"c": "dotted"},
    "experience": [{"skills": ["go", "rust"]}, {"skills": ["sql"]}, {"company": "Acme"}],
    "socials": {"linkedin": "https://linkedin.com/in/jane", "github": "https://github.com/jane"},
}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("contact.email", "jane@example.com"),
        ("emails[0].value", "first@example.com"),
        ("emails[1].value", "second@example.com"),
        ("emails[-1].value", "second@example.com"),
        ("emails[*].value", ["first@example.com", "second@example.com"]),
        ("contact.phones[*].number", ["+1 555", "+1 666"]),
        ("profile.links[*]", ["https://github.com/jane", "https://jane.dev"]),  # nulls are left out
        ('["first name"]', "Jane"),
        ("['first name']", "Jane"),
        ("first name", "Jane"),  # spaces are allowed in bare names too
        ('["a.b"].c', "dotted"),
        ('["a.b"]["c"]', "dotted"),
        ("experience[*].skills", ["go", "rust", "sql"]),  # arrays matched by [*] are flattened
        ("socials[*]", ["https://linkedin.com/in/jane", "https://github.com/jane"]),  # [*] on an object: its values
        ("$.contact.email", "jane@example.com"),
        ("  contact . email ", "jane@example.com"),
        ("experience[2].company", "Acme"),
    ],
)
def test_path_syntax(path: str, expected: Any) -> None:
    assert compile_path(path).get(NESTED) == expected
    assert mapped({**E, **NESTED}, (path, "summary"))["summary"] == expected


@pytest.mark.parametrize(
    "path",
    [
        "nope",
        "contact.nope",
        "contact.email.deeper",  # into a string
        "emails[5].value",
        "emails[-3].value",
        "emails.value",  # a key on an array
        "contact[0]",  # an index on an object
        "emails[*].nope",
        "experience[*].nope[*]",
        "profile.links[0][0]",
        '["first name"].x',
    ],
)
def test_missing_segments_are_absent_not_errors(path: str) -> None:
    assert compile_path(path).get(NESTED) is compile_path("x").get({})  # the MISSING sentinel
    assert "summary" not in mapped({**E, **NESTED}, (path, "summary"))


def test_path_through_null_is_absent() -> None:
    assert "title" not in mapped({**E, "job": None}, ("job.title", "title"))
    assert "title" not in mapped({**E, "job": {"title": None}}, ("job.title", "title"))
    assert "skills" not in mapped({**E, "skills": []}, ("skills[*]", "skills"))  # [*] matching nothing: absent


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("a[", "unclosed '['"),
        ("a[0", "unclosed '['"),
        ('a["b', 'unclosed quote "'),
        ("a..b", "empty field name"),
        (".a", "empty field name"),
        ("a.", "ends with '.'"),
        ("a.[0]", "without the dot"),
        ("a]", "unexpected ']'"),
        ("a[x]", 'quote a field name as ["x"]'),
        ("a[0]b", "expected '.' or '['"),
        ('a[""]', "empty quoted field name"),
        ("   ", "empty path"),
        ("$", "names no field"),
    ],
)
def test_invalid_path_syntax_raises_value_error_naming_the_mapping(path: str, problem: str) -> None:
    with pytest.raises(ValueError, match="field_mappings\\[1\\]") as info:
        FieldMapper(
            [
                FieldMapping(source_path="email", record_field="email"),
                FieldMapping.model_construct(source_path=path, record_field="title"),
            ]
        )
    assert problem in str(info.value)
    assert "-> title" in str(info.value)
    # The config model refuses it too, so `check` reports it before any record is read.
    with pytest.raises(ValidationError) as validation:
        FieldMapping(source_path=path, record_field="title")
    assert problem in str(validation.value)


def test_mapping_model_refuses_unknown_record_field_and_unknown_keys() -> None:
    with pytest.raises(ValidationError, match="record_field"):
        FieldMapping.model_validate({"source_path": "x", "record_field": "salary"})
    with pytest.raises(ValidationError, match="sourcepath"):
        FieldMapping.model_validate({"sourcepath": "x", "record_field": "email"})


# --- precedence -------------------------------------------------------------------------------------------------------


def test_explicit_mapping_wins_over_own_field_and_alias() -> None:
    data = {"email": "own@example.com", "Email Address": "alias@example.com", "contact": {"email": "mapped@ex.com"}}
    assert mapped(data, ("contact.email", "email"))["email"] == "mapped@ex.com"


def test_own_contract_field_wins_over_alias_whatever_the_key_order() -> None:
    assert mapped({"Job Title": "alias", "title": "own", **E})["title"] == "own"
    assert mapped({"title": "own", "Job Title": "alias", **E})["title"] == "own"


def test_unmatched_explicit_mapping_falls_back_to_own_field_then_alias() -> None:
    assert mapped({"email": "own@ex.com"}, ("contact.email", "email"))["email"] == "own@ex.com"
    assert mapped({"E-mail": "alias@ex.com"}, ("contact.email", "email"))["email"] == "alias@ex.com"


def test_first_matching_mapping_wins_for_a_scalar_field() -> None:
    pairs = (("work.email", "email"), ("home.email", "email"))
    assert mapped({"work": {"email": "w@ex.com"}, "home": {"email": "h@ex.com"}}, *pairs)["email"] == "w@ex.com"
    assert mapped({"home": {"email": "h@ex.com"}}, *pairs)["email"] == "h@ex.com"


def test_mappings_to_one_list_field_are_merged() -> None:
    data = {
        **E,
        "li": "https://linkedin.com/in/j",
        "gh": ["https://github.com/j"],
        "more": "https://a.dev; https://b.dev",
    }
    result = mapped(data, ("li", "link_urls"), ("gh", "link_urls"), ("more", "link_urls"))
    assert result["link_urls"] == [
        "https://linkedin.com/in/j",
        "https://github.com/j",
        "https://a.dev",
        "https://b.dev",
    ]


def test_a_key_read_by_a_mapping_is_not_reused_as_own_field_or_alias() -> None:
    # `title` holds an honorific (faker's users): mapped to summary, it must not also fill `title`.
    result = mapped({**E, "title": "Dr.", "occupation": "Engineer"}, ("title", "summary"))
    assert result["summary"] == "Dr."
    assert result["title"] == "Engineer"  # from the `occupation` alias instead
    # `emails` holds objects of another shape: mapped, it is not passed on as the contract's `emails` as well.
    result = mapped({"emails": [{"value": "a@ex.com"}]}, ("emails[0].value", "email"))
    assert result == {"email": "a@ex.com"}


def test_explicit_values_are_passed_as_found_for_intake_to_validate() -> None:
    result = mapped(
        {**E, "profile": {"years": "seven", "company": {"name": "Acme"}}},
        *[
            ("profile.years", "years_experience"),
            ("profile.company", "company_name"),
        ],
    )
    assert result["years_experience"] == "seven"
    assert result["company_name"] == {"name": "Acme"}
    with pytest.raises(RecordRejected, match="company_name: expected a string, got object"):
        parse_record(result)


# --- aliases ------------------------------------------------------------------------------------------------------------

ALIAS_CASES: list[tuple[str, Any, str]] = [
    ("Email", "a@ex.com", "email"),
    ("E-mail", "a@ex.com", "email"),
    ("EMAIL", "a@ex.com", "email"),
    ("email_address", "a@ex.com", "email"),
    ("emailAddress", "a@ex.com", "email"),
    ("Email Address", "a@ex.com", "email"),
    ("work_email", "a@ex.com", "email"),
    ("primary_email", "a@ex.com", "email"),
    ("personal_email", "a@ex.com", "email"),
    ("Emails", ["a@ex.com"], "emails"),
    ("firstName", "Jane", "first_name"),
    ("First Name", "Jane", "first_name"),
    ("given_name", "Jane", "first_name"),
    ("first", "Jane", "first_name"),
    ("lastName", "Doe", "last_name"),
    ("family_name", "Doe", "last_name"),
    ("surname", "Doe", "last_name"),
    ("full_name", "Jane Doe", "name"),
    ("fullName", "Jane Doe", "name"),
    ("display_name", "Jane Doe", "name"),
    ("Name", "Jane Doe", "name"),
    ("job_title", "SRE", "title"),
    ("Job Title", "SRE", "title"),
    ("headline", "SRE", "title"),
    ("position", "SRE", "title"),
    ("current_title", "SRE", "title"),
    ("occupation", "SRE", "title"),
    ("company", "Acme", "company_name"),
    ("Company", "Acme", "company_name"),
    ("employer", "Acme", "company_name"),
    ("current_company", "Acme", "company_name"),
    ("organization", "Acme", "company_name"),
    ("bio", "Builds things", "summary"),
    ("about", "Builds things", "summary"),
    ("phone_number", "+1 555", "phone"),
    ("phoneNumber", "+1 555", "phone"),
    ("mobile", "+1 555", "phone"),
    ("telephone", 5551234, "phone"),
    ("LinkedIn", "https://linkedin.com/in/j", "link_urls"),
    ("linkedin_url", "https://linkedin.com/in/j", "link_urls"),
    ("github", "https://github.com/j", "link_urls"),
    ("website", "https://j.dev", "link_urls"),
    ("portfolio", "https://j.dev", "link_urls"),
    ("urls", ["https://j.dev"], "link_urls"),
    ("links", ["https://j.dev"], "link_urls"),
    ("resume", "https://files.ex.com/j.pdf", "resume_url"),
    ("cv", "https://files.ex.com/j.pdf", "resume_url"),
    ("resume_link", "https://files.ex.com/j.pdf", "resume_url"),
    ("cv_url", "https://files.ex.com/j.pdf", "resume_url"),
    ("skill_list", ["go"], "skills"),
    ("technologies", "go, rust", "skills"),
    ("Skills", "go, rust", "skills"),
    ("yoe", 7, "years_experience"),
    ("experience_years", "7.5", "years_experience"),
    ("city", "Paris", "location"),
    ("address", "1 Rue X, Paris", "location"),
    ("academic_degree", "MSc", "degree"),
    ("is_remote", True, "remote"),
    ("Job ID", "job_1", "job_id"),
    ("Application Status", "REVIEWING", "application_status"),
    ("labels", ["x"], "tags"),
    ("Match Score", 0.7, "match_score"),
]


@pytest.mark.parametrize(("key", "value", "field"), ALIAS_CASES)
def test_alias(key: str, value: Any, field: str) -> None:
    data = {key: value} if field in ("email", "emails") else {**E, key: value}
    result = mapped(data)
    assert result[field] == value
    assert key not in result or key == field


@pytest.mark.parametrize(("key", "value", "field"), ALIAS_CASES)
def test_aliases_are_off_without_auto_detect(key: str, value: Any, field: str) -> None:
    if field in ("email", "emails"):
        return
    assert field not in mapped({**E, key: value}, auto_detect=False)


def test_own_contract_fields_are_read_without_auto_detect() -> None:
    assert mapped({**E, "title": "SRE"}, auto_detect=False) == {**E, "title": "SRE"}


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("address", {"city": "Paris"}),  # faker's users: an object is not a location
        ("city", 75001),
        ("company", {"name": "Acme"}),
        ("position", 3),
        ("resume", "Jane has 10 years of ..."),  # text, not a URL
        ("cv", {"url": "https://x"}),
        ("yoe", "many"),
        ("is_remote", "sometimes"),
        ("linkedin", {"url": "https://linkedin.com/in/j"}),
        ("Metadata", "not an object"),
        ("description", "A great job"),  # deliberately not a summary alias
        ("status", "ACTIVE"),  # deliberately not an application_status alias
        ("score", 97),  # deliberately not a match_score alias
    ],
)
def test_an_alias_whose_value_does_not_fit_is_no_match(key: str, value: Any) -> None:
    result = mapped({**E, key: value})
    assert result == E
    parse_record(result)  # a guess never gets a record rejected


def test_most_specific_alias_wins_for_a_scalar_field() -> None:
    data = {"personal_email": "p@ex.com", "work_email": "w@ex.com", "Email Address": "a@ex.com"}
    assert mapped(data)["email"] == "a@ex.com"
    assert mapped({"personal_email": "p@ex.com", "work_email": "w@ex.com"})["email"] == "w@ex.com"


def test_link_aliases_are_merged_into_one_list() -> None:
    data = {
        **E,
        "GitHub": "https://github.com/j",
        "LinkedIn": "https://linkedin.com/in/j",
        "website": None,
        "links": ["https://j.dev", None],
        "portfolio": "https://a.dev, https://b.dev",
    }
    result = mapped(data)
    # Ordered by alias family (links, then linkedin, github, ..., portfolio), strings split as intake splits them.
    assert result["link_urls"] == [
        "https://j.dev",
        "https://linkedin.com/in/j",
        "https://github.com/j",
        "https://a.dev",
        "https://b.dev",
    ]
    assert parse_record(result).link_urls == result["link_urls"]


def test_single_link_alias_is_passed_as_found() -> None:
    assert mapped({**E, "LinkedIn": "https://linkedin.com/in/j"})["link_urls"] == "https://linkedin.com/in/j"


def test_own_link_urls_win_over_link_aliases() -> None:
    assert mapped({**E, "link_urls": ["https://own"], "github": "https://github.com/j"})["link_urls"] == ["https://own"]


def test_skills_aliases_merge() -> None:
    assert mapped({**E, "technologies": "go, rust", "skill_list": ["sql"]})["skills"] == ["sql", "go", "rust"]


def test_csv_shaped_record_maps_and_passes_intake() -> None:
    row = {
        "Email": "jane@example.com",
        "First Name": "Jane",
        "Last Name": "Doe",
        "Job Title": "Staff Engineer",
        "Company": "Acme",
        "LinkedIn": "https://linkedin.com/in/jane",
        "Skills": "python; kubernetes",
    }
    candidate = parse_record(mapped(row))
    assert candidate.emails == ["jane@example.com"]
    assert (candidate.first_name, candidate.last_name, candidate.title) == ("Jane", "Doe", "Staff Engineer")
    assert candidate.company_name == "Acme"
    assert candidate.link_urls == ["https://linkedin.com/in/jane"]
    assert candidate.skills == ["python", "kubernetes"]


def test_faker_users_record_with_mappings() -> None:
    user = {
        "id": 1,
        "name": "Jane Doe",
        "title": "Mrs.",
        "email": "jane@example.com",
        "telephone": "+1-555-0100",
        "academic_degree": "Master",
        "occupation": "Geologist",
        "address": {"city": "Lyon", "country_code": "FR"},
    }
    result = mapped(user, ("occupation", "title"), ("address.city", "location"))
    assert result == {
        "email": "jane@example.com",
        "name": "Jane Doe",
        "title": "Geologist",
        "location": "Lyon",
        "phone": "+1-555-0100",
        "degree": "Master",
    }


# --- unmappable records -------------------------------------------------------------------------------------------------


def test_record_without_any_email_is_rejected_naming_what_was_tried() -> None:
    error = rejected({"id": 1, "Full Name": "Jane Secret", "contact": {"mail": "jane@secret.example"}})
    assert error.field == "email"
    assert "no field named like an email" in error.reason
    assert "'id', 'Full Name', 'contact'" in error.reason
    assert "Jane Secret" not in error.reason and "secret.example" not in error.reason  # keys, never values


def test_rejection_names_the_explicit_email_mapping() -> None:
    error = rejected({"id": 1, "contact": {"phone": "1"}}, ("contact.email", "email"), ("emails[*].value", "emails"))
    assert "the mappings 'contact.email', 'emails[*].value' matched nothing" in error.reason
    assert "'id', 'contact'" in error.reason


def test_rejection_lists_at_most_ten_keys() -> None:
    data = {f"field_{i}": f"value {i}" for i in range(25)}
    error = rejected(data)
    assert "first 10 of 25" in error.reason
    assert "'field_9'" in error.reason and "'field_10'" not in error.reason
    assert "value" not in error.reason.split("top-level fields")[1]


def test_rejection_says_when_the_email_field_is_null() -> None:
    assert "'Email' is null" in rejected({"Email": None, "name": "x"}).reason
    assert "'email' is null" in rejected({"email": None}).reason


def test_rejection_without_auto_detect_says_so() -> None:
    assert "auto-detection of other names is off" in rejected({"Email": "a@ex.com"}, auto_detect=False).reason


def test_empty_record_is_rejected() -> None:
    assert "empty object" in rejected({}).reason


def test_present_but_invalid_email_is_left_to_intake() -> None:
    result = mapped({"E-mail": 42})
    with pytest.raises(RecordRejected, match="no valid email address"):
        parse_record(result)


@pytest.mark.parametrize("data", [None, "text", 42, ["a@ex.com"], True])
def test_non_object_input_is_returned_unchanged(data: Any) -> None:
    assert mapper(("contact.email", "email")).apply(data) is data


# --- the config schema ---------------------------------------------------------------------------------------------------


def test_field_mapping_json_schema() -> None:
    schema = FieldMapping.model_json_schema()
    assert schema["type"] == "object"
    assert schema["required"] == ["source_path", "record_field"]
    assert schema["additionalProperties"] is False
    record_field = schema["properties"]["record_field"]
    assert record_field["enum"] == list(CONTRACT_FIELDS)
    assert record_field["type"] == "string"
    for prop in schema["properties"].values():
        assert prop["title"] and prop["description"] and prop["examples"]
    assert "emails[*].address" in schema["properties"]["source_path"]["examples"]
    # As the config embeds it: a list of mappings.
    listing = TypeAdapter(list[FieldMapping]).json_schema()
    assert listing["type"] == "array"


def test_mappings_round_trip_from_config_json() -> None:
    mappings = TypeAdapter(list[FieldMapping]).validate_python(
        [
            {"source_path": "contact.email", "record_field": "email"},
            {"source_path": "occupation", "record_field": "title"},
        ]
    )
    assert FieldMapper(mappings).mappings == (("contact.email", "email"), ("occupation", "title"))
