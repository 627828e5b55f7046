"""One email key for records and ATS data: spellings of one mailbox meet, distinct mailboxes stay apart."""

from __future__ import annotations

import sqlite3
import unicodedata
from pathlib import Path

import pytest

from destination_unified_ats.email_identity import email_key, search_forms
from destination_unified_ats.ledger import WriteLedger
from destination_unified_ats.models import AtsCandidate
from destination_unified_ats.records import parse_record

NFC = "renée.müller@example.com"
NFD = unicodedata.normalize("NFD", NFC)


def fullwidth(text: str) -> str:
    return text.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})


@pytest.mark.parametrize(
    "stored",
    [
        NFD,
        NFC.upper(),
        f"  {NFD}\t",
        f"mailto:{NFD}",
        f"MAILTO:{NFC}",
        f"Renée Müller <{NFD}>",
        f'"Müller, Renée" < {NFC} >',
        "\u200b" + NFC,
        fullwidth("Renée.Müller@example.com"),
        NFC + ".",
        "Renée.Müller@EXAMPLE.com",
    ],
)
def test_spellings_of_one_mailbox_share_a_key(stored: str) -> None:
    assert email_key(stored) == email_key(NFC) == NFC


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("straße@example.de", "strasse@example.de"),  # casefold would merge them
        ("ilker@example.com", "\u0131lker@example.com"),  # dotless i is another letter
        ("x2@example.com", "x²@example.com"),  # NFKC would merge them
        ("fi@example.com", "ﬁ@example.com"),
        ("a+jobs@example.com", "a@example.com"),  # plus-addressing: the server decides
        ("a.b@example.com", "ab@example.com"),
        ("renee@example.com", NFC.split(".")[0] + "@example.com"),  # accents are not dropped
    ],
)
def test_distinct_mailboxes_keep_distinct_keys(one: str, other: str) -> None:
    assert email_key(one) != email_key(other)


def test_idna_domains_meet_their_unicode_form_and_searches_try_both() -> None:
    assert email_key("Anna@XN--MNCHEN-3YA.de") == email_key("anna@münchen.de") == "anna@münchen.de"
    assert email_key("a@xn--broken-.de") == "a@xn--broken-.de"  # an undecodable label is kept as is
    forms = search_forms(email_key("renée@münchen.de"))
    assert forms[0] == "renée@münchen.de"
    assert unicodedata.normalize("NFD", "renée@münchen.de") in forms
    assert "renée@xn--mnchen-3ya.de" in forms
    assert search_forms("plain@example.com") == ["plain@example.com"]


@pytest.mark.parametrize("address", [NFD, f"Renée <{NFD}>", fullwidth("AB@x.com"), " mailto:a@XN--MNCHEN-3YA.DE. "])
def test_the_key_is_idempotent(address: str) -> None:
    assert email_key(email_key(address)) == email_key(address)


def test_ats_candidate_and_record_keys_agree() -> None:
    candidate = AtsCandidate.model_validate(
        {"id": "c1", "emails": [{"email": f"Renée <{NFD.upper()}>"}, {"email": " mailto:other@Example.com "}]}
    )
    record = parse_record({"emails": [NFC, "OTHER@example.com"], "first_name": "Renée", "last_name": "M"})
    assert set(record.email_keys) == candidate.email_set() == {NFC, "other@example.com"}


def test_a_ledger_written_with_the_old_keys_is_rekeyed_and_still_found(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite"
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE candidates (connection TEXT, email TEXT, candidate_id TEXT, PRIMARY KEY (connection, email))"
    )
    # Version-1 keys: NFC, stripped, lower-cased; the IDNA and trailing-dot forms were kept as typed.
    db.executemany(
        "INSERT INTO candidates VALUES (?, ?, ?)",
        [("conn", NFC, "c1"), ("conn", "anna@xn--mnchen-3ya.de", "c2"), ("conn", "bob@example.com.", "c3")],
    )
    db.commit()
    db.close()
    ledger = WriteLedger(path)
    assert ledger.candidate_id("conn", [email_key(NFD)]) == "c1"
    assert ledger.candidate_id("conn", [email_key("Anna@münchen.de")]) == "c2"
    assert ledger.candidate_id("conn", [email_key("bob@example.com")]) == "c3"
    assert ledger.candidate_id("other-conn", [NFC]) is None
    ledger.close()
    again = WriteLedger(path)  # migrated once: the version is stored
    assert again._db.execute("PRAGMA user_version").fetchone() == (2,)
    assert again.candidate_id("conn", ["anna@münchen.de"]) == "c2"
    again.close()
