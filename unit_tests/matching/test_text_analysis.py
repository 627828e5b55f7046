"""Cleaning, tokenisation, stop words, stemming and aliases."""

from __future__ import annotations

import pytest

from destination_unified_ats.matching.analyzer import analyze, analyze_with_surface
from destination_unified_ats.matching.stemmer import stem
from destination_unified_ats.matching.synonyms import _parse
from destination_unified_ats.matching.text import clean_text, raw_tokens


def test_clean_text_strips_html_entities_accents_and_case() -> None:
    html = "<div><script>var x = 1;</script><p>Senior&nbsp;Caf&eacute; <b>Engineer&#39;s</b> role</p></div>"
    assert clean_text(html) == "senior cafe engineer role"
    assert clean_text("Zoë MÜLLER — naïve") == "zoe muller naive"


def test_tokens_keep_tech_spellings() -> None:
    tokens = raw_tokens(clean_text("C++, C#, .NET, Node.js and Python 3.11; R & a"))
    assert tokens == ["c++", "c#", "dotnet", "node.js", "and", "python", "3.11", "r"]


def test_stop_words_and_posting_boilerplate_are_dropped() -> None:
    assert analyze("We are looking for a strong candidate with excellent skills") == []


@pytest.mark.parametrize(
    "forms",
    [
        ("engineer", "engineers", "engineering"),
        ("manager", "managing", "management", "managed"),
        ("develop", "development", "developing"),
        ("pipeline", "pipelines"),
        ("service", "services"),
        ("scale", "scaling", "scaled"),
        ("plan", "planning", "planned"),
        ("automate", "automation", "automated"),
        ("technology", "technologies"),
    ],
)
def test_stemmer_folds_inflections_and_derivations(forms: tuple[str, ...]) -> None:
    assert len({stem(form) for form in forms}) == 1, {form: stem(form) for form in forms}


def test_stemmer_leaves_short_and_symbolic_words() -> None:
    assert [stem(w) for w in ("go", "aws", "k8s", "c++", "s3", "status", "analysis")] == [
        "go",
        "aws",
        "k8s",
        "c++",
        "s3",
        "status",
        "analysis",
    ]


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("JS", "javascript"),
        ("ECMAScript", "javascript"),
        ("K8s", "kubernetes"),
        ("Golang", "go"),
        ("Postgres", "postgresql"),
        ("React.js", "react"),
        ("Front-end", "frontend"),
        ("front end", "frontend"),
        ("Frontend", "frontend"),
        ("Machine learning", "ml"),
        ("ML", "ml"),
        ("Site Reliability Engineering", "sre"),
        ("CI/CD", "cicd"),
        ("A/B testing", "ab_testing"),
        ("PM", "product_manager"),
        ("Product Owner", "product_manager"),
        ("Amazon Web Services", "aws"),
        ("go-to-market", "gtm"),
    ],
)
def test_aliases_fold_to_one_canonical_term(text: str, term: str) -> None:
    assert term in analyze(text)


def test_role_alias_keeps_its_words() -> None:
    terms = analyze("Senior Product Manager")
    assert {"product_manager", "product", stem("manager")} <= set(terms)


def test_longest_alias_wins() -> None:
    assert analyze("machine learning engineer") == ["ml", stem("engineer")]
    assert "go" not in analyze("go to market strategy")


def test_developer_is_an_engineer_but_a_designer_is_not_design() -> None:
    assert set(analyze("Python developer")) == set(analyze("Python engineer"))
    assert not set(analyze("Product Designer")) & set(analyze("mechanical design"))


def test_surfaces_name_technologies_canonically() -> None:
    pairs = dict(analyze_with_surface("K8s and sr engineers"))
    assert pairs["kubernetes"] == "kubernetes"
    assert pairs[stem("senior")] == "sr"  # seniority words are recognised by what was written


def test_alias_table_rejects_conflicting_definitions() -> None:
    with pytest.raises(ValueError, match="defined twice"):
        _parse("js => javascript\njs => java")
