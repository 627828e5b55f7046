"""The one email key both sides of an identity comparison go through: records and what the ATS holds.

Two spellings get the same key only when they are surely one mailbox:
- Unicode composition (NFC): `renée` typed precomposed or as `e` + combining accent.
- Case, with `str.lower`, not `casefold`: casefold maps `ß` to `ss`, and `straße@` and `strasse@` may be
  two people on a server that supports internationalised addresses. `İ` lowers to `i̇` (dotted), not `i`.
- Width: fullwidth ASCII (U+FF01-U+FF5E, as typed through an East Asian IME) folds to ASCII. Only
  that block is folded, not NFKC as a whole, which would also merge `x²@` with `x2@` or `ﬁ` with `fi`.
- Wrapping: surrounding white space and zero-width characters, a `mailto:` prefix, a display-name form
  (`Renée Müller <renee@example.com>`), and a trailing dot on the domain.
- The domain's IDNA form: `xn--mnchen-3ya.de` and `münchen.de` are the same domain.
Plus-addressing and dots in the local part are kept: only the mail server knows whether they matter.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata

# Fullwidth forms of ASCII 0x21-0x7E, and the ideographic space.
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_DISPLAY_FORM = re.compile(r"^[^<>]*<\s*([^<>]+?)\s*>$")


def email_key(address: str) -> str:
    """The identity key of an email address. Idempotent: `email_key(email_key(a)) == email_key(a)`."""
    if address.isascii():  # the common case: no composition, width or invisible characters to fold
        text = address.strip()
    else:
        text = unicodedata.normalize("NFC", address.translate(_WIDTH)).strip().strip(_INVISIBLE).strip()
    display = _DISPLAY_FORM.match(text)
    if display:
        text = display.group(1)
    if text[:7].lower() == "mailto:":
        text = text[7:].strip()
    local, at, domain = text.rpartition("@")
    if not at:
        return text.lower()
    return f"{local.lower()}@{_domain_key(domain)}"


def _domain_key(domain: str) -> str:
    labels = domain.rstrip(".").lower().split(".")
    return ".".join(_label(label) for label in labels)


def _label(label: str) -> str:
    if not label.startswith("xn--"):
        return label
    try:
        return unicodedata.normalize("NFC", label.encode("ascii").decode("idna")).lower()
    except (UnicodeError, ValueError):
        return label


def search_forms(key: str) -> list[str]:
    """The spellings to ask a provider's search for, whose matching of non-ASCII text is undocumented:
    the key, its decomposed (NFD) form (what a provider storing addresses as typed on macOS holds), and the
    domain's ASCII (punycode) form."""
    forms = [key]
    decomposed = unicodedata.normalize("NFD", key)
    if decomposed != key:
        forms.append(decomposed)
    local, at, domain = key.rpartition("@")
    if at and not domain.isascii():
        with contextlib.suppress(UnicodeError):
            forms.append(f"{local}@{domain.encode('idna').decode('ascii')}")
    return forms
