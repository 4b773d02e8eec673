"""Personal details in a public reply: phone numbers, emails, home addresses, postcodes, dates of
birth and case or account references.

These need logic a phrase list cannot hold (is this number the council's switchboard or the
resident's mobile?), so they are code; what counts as a published contact route is data
(`rules/data/public_contacts.yml`).
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import phonenumbers
import yaml
from pydantic import BaseModel, ConfigDict
from spacy.language import Language
from spacy.tokens import Doc

from .. import matcher
from ..packs import Ref
from .base import add_finding, draft_of, plain, sentence_at

DATA = Path(__file__).resolve().parents[1] / "data" / "public_contacts.yml"
# The rules this component computes; their words are in rules/packs/computed.yml.
PHONE, EMAIL, ADDRESS, POSTCODE, BIRTH, REFERENCE = (
    Ref(f"dm.{name}", "personal_data")
    for name in ("phone_number", "email_address", "home_address", "postcode", "date_of_birth", "case_reference"))
RULES = (PHONE, EMAIL, ADDRESS, POSTCODE, BIRTH, REFERENCE)

def _starting(source: str, flags: int = 0) -> matcher.Expression:
    """Compiled behind a lookahead for the characters its matches start with (rules/matcher.py):
    an expression that opens with a word boundary is otherwise tried at every position."""
    return matcher.compile(source, flags)


STREET_TYPES = ("Road|Rd|Street|St|Close|Grove|Court|Lane|Avenue|Ave|Drive|Way|Crescent|Place|Gardens|"
                "Terrace|Rise|Walk|Row|Hill|Park|Square|Mews|View|Green|Parade|Gate|Vale|Mount|Fold|Croft|Wynd|Walk")
_ADDRESS = _starting(
    rf"\b(?:(?:Flat|Apartment|Apt|Unit)\s+\d+[A-Za-z]?,?\s+(?:[A-Z][a-z]+\s+){{1,3}}(?:{STREET_TYPES}|House|Tower|Lodge|Mansions|Heights)\b"
    rf"|\d{{1,4}}[A-Za-z]?,?\s+(?:[A-Z][a-z']+\s+){{1,2}}(?:{STREET_TYPES})\b)")
_POSTCODE = _starting(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s?\d[A-Z]{2}\b")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DATE = _starting(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b")
_BIRTH_WORDS = re.compile(r"\b(dob|d\.o\.b|date of birth|born|birthday|birth date)\b", re.I)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
_BORN = _starting(rf"\b(?:born|date of birth|dob)\b[^.\n]{{0,20}}?\b(\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\s+\d{{4}})", re.I)
_REF_AFTER_WORD = re.compile(
    r"\b(?:account|acct|ref|reference|case|claim|complaint|pcn|penalty charge notice|tenancy|customer|"
    r"application|booking|invoice|payment|council tax|ni|national insurance)"
    r"(?:\s+(?:number|no\.?|num|ref|reference|is|was|:|#))*\s*:?\s*#?"
    r"(?P<ref>(?=[A-Z0-9-]*\d)[A-Z]{0,4}[- ]?\d[\d-]{4,}\d[A-Z]?|[A-Z]{2}\d{6}[A-D]"
    # letter codes then digits: "COMP-77214", "NMC-HR-20931", "PCN12345"
    r"|(?:[A-Z]{1,6}-){1,3}\d{4,}[A-Z]?|[A-Z]{1,6}\d{5,}[A-Z]?)\b", re.I)
# The same expression for the lower-cased text (Draft.lowered), without IGNORECASE, which is the
# slow part: a test holds the two to the same matches.
_REF_AFTER_WORD_LOWERED = matcher.compile(_REF_AFTER_WORD.pattern.replace("A-Z", "a-z").replace("A-D", "a-d"))
_REF_SHAPE = _starting(r"\b[A-Z]{2,5}-\d{2,4}-\d{3,}\b|\b[A-Z]{2}\d{8,}\b|\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b"
                        r"|\b[A-Z]{2,5}(?:-[A-Z]{2,5})*-\d{5,}\b")
_DIGITS = re.compile(r"\d")
_DIGIT_RUN = re.compile(r"\+?\(?\d[\d\s().\-/]{6,}\d")
_OUR_LINE = re.compile(r"\b(?:call|ring|text|phone|contact) us\b|\bour\b", re.I)
_LOOKS_LIKE_ADDRESS = re.compile(r"\d[A-Za-z]?,?\s+[A-Z]")
_LOOKS_LIKE_POSTCODE = re.compile(r"\d[A-Z]{2}\b")
_LOOKS_LIKE_DATE = re.compile(r"\d[/.-]\d")
# Every reference shape has three digits in a row, or an NI number's spaced pairs.
_LOOKS_LIKE_REFERENCE = re.compile(r"\d\d[\d\s]")
# A reference after a word ("account 1234-5678", "ref COMP-77214", "ref CBC-2291") has four digits
# or dashes in a row.
_LONG_NUMBER = re.compile(r"\d[\d-]{2,}\d")
_LEAD_IN = re.compile(r",?\s+(?:at|of|in|on|from)\s+$")
# A public place named just before an address makes it a venue, not someone's home.
_VENUE = re.compile(r"\b(?:Library|Centre|Center|Hall|Offices?|House|Church|Chapel|School|Academy|College|Museum|"
                    r"Park|Leisure|Station|Depot|Hub|Surgery|Clinic|Hospital|Pool|Gallery|Theatre|Market|"
                    r"Council|Civic|Town Hall|venue|our office|reception|(?i:find|visit|join|meet) us|(?i:address|venue|location|where)\s*:|(?i:our|the council's)\s(?:[\w'-]+\s){0,2}?(?i:hub|centre|center|library|office|offices|depot|clinic|pool|gallery|museum|shop|café|cafe|hall))"
                    r"[^.!?\n]{0,12}$")
# A postcode up to a few words after a named public place ("Hyde Town Hall, Market Street, Hyde SK14 1AL").
_VENUE_NEAR = re.compile(_VENUE.pattern.replace("{0,12}$", "{0,45}$"))
# An address on the planning or licensing register is public: the site, not someone's home
# (unless the sentence ties it to the person being answered: "your application at 41 Moor Lane").
_YOURS = re.compile(r"\b(?:you|your|yours|ur)\b", re.I)
_SITE = re.compile(r"\b(?:planning|application|applications|change of use|development|site|premises|licen[cs]e|"
                   r"plans for|extension|demolition|appeal)\b|\b\d{2}/\d{4,5}/[A-Z]{2,5}\b", re.I)


def _phone_numbers(text: str):
    """phonenumbers' matcher, run only on the stretches of text that could hold a number.

    The matcher costs about as much as every rule together, so it looks only at runs of digits
    (with spaces, brackets, dots and dashes) long enough to be a phone number.
    """
    for run in _DIGIT_RUN.finditer(text):
        if len(_DIGITS.findall(run.group())) < 9:
            continue
        offset = max(0, run.start() - 1)
        window = text[offset:run.end() + 1]
        for match in phonenumbers.PhoneNumberMatcher(window, "GB", leniency=phonenumbers.Leniency.POSSIBLE):
            yield offset + match.start, offset + match.end, match.number


class PublicContacts(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email_domains: list[str]
    email_mailboxes: list[str]
    phone_public_context: str
    phone_private_context: str


class PersonalData:
    def __init__(self, path: Path = DATA) -> None:
        data = PublicContacts.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        self.domains = tuple(d.lower() for d in data.email_domains)
        self.mailboxes = {m.lower() for m in data.email_mailboxes}
        self.public_phone = re.compile(data.phone_public_context, re.I)
        self.private_phone = re.compile(data.phone_private_context, re.I)

    def _public_email(self, address: str) -> bool:
        local, _, domain = address.lower().partition("@")
        if domain.endswith(self.domains) or any(domain == d for d in self.domains):
            return True
        return local in self.mailboxes

    def __call__(self, doc: Doc) -> Doc:
        text = plain(doc)
        spans: list[tuple[int, int]] = []
        for m in _EMAIL.finditer(text) if "@" in text else ():
            if not self._public_email(m.group()):
                add_finding(doc, EMAIL, m.start(), m.end(), edit="")
            spans.append(m.span())
        if _DIGITS.search(text):
            self._references(doc, text, spans)
            if sum(map(text.count, "0123456789")) >= 9:
                self._phones(doc, text, spans)
            self._digits(doc, text, spans)
        return doc

    def _phones(self, doc: Doc, text: str, taken: list[tuple[int, int]]) -> None:
        for start, end, number in _phone_numbers(text):
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            s_start, _ = sentence_at(doc, start)
            before = text[s_start:start]
            national = str(number.national_number)
            mobile = number.country_code == 44 and national.startswith("7")
            if number.country_code == 44 and national[:1] in ("3", "8"):
                continue  # 03 and 08 numbers are organisations' lines, never a resident's own
            # "we'll call you on…" or "your on…" is their number; "go through it with you on…" is ours
            calling_them = re.search(r"(?<!with )\b(you|your) on\b|\bcall(ing|ed)? you\b", before, re.I)
            if mobile:
                # A mobile is public only when it is the council's own line ("call us", "our").
                if _OUR_LINE.search(before) and not calling_them:
                    continue
            elif self.public_phone.search(before) and not calling_them:
                continue
            elif number.country_code == 44 and not self.private_phone.search(before):
                continue  # a landline with nothing to say it is the resident's own
            add_finding(doc, PHONE, start, end, edit="")

    def _digits(self, doc: Doc, text: str, taken: list[tuple[int, int]]) -> None:
        venue_end = -1
        # Each expression below is slow to scan with; a quick look for its shape comes first.
        for m in _ADDRESS.finditer(text) if _LOOKS_LIKE_ADDRESS.search(text) else ():
            s_start, s_end = sentence_at(doc, m.start())
            if (_VENUE.search(text, max(0, m.start() - 60), m.start())
                    or _VENUE_NEAR.search(text, max(s_start, m.start() - 60), m.start())
                    or (_SITE.search(text, s_start, max(s_end, m.end()))
                        and not _YOURS.search(text, s_start, max(s_end, m.end())))):
                venue_end = m.end()
                continue
            # "Thanks to Mr Okafor of 14 Elm Grove for..." loses " of 14 Elm Grove", not just the number.
            lead = _LEAD_IN.search(text, max(0, m.start() - 8), m.start())
            add_finding(doc, ADDRESS, m.start(), m.end(), edit="",
                        edit_span=(lead.start() if lead else m.start(), m.end()))
        for m in _POSTCODE.finditer(text) if _LOOKS_LIKE_POSTCODE.search(text) else ():
            if 0 <= m.start() - venue_end <= 3 or _VENUE_NEAR.search(text, max(0, m.start() - 60), m.start()):
                continue
            add_finding(doc, POSTCODE, m.start(), m.end(), edit="")
        for m in _DATE.finditer(text) if _LOOKS_LIKE_DATE.search(text) else ():
            this_year = date.today().year
            day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if len(m.group(3)) == 2:
                year += 1900 if year > this_year % 100 else 2000
            s_start, s_end = sentence_at(doc, m.start())
            if 1 <= day <= 31 and 1 <= month <= 12 and (
                    year <= this_year - 10 or _BIRTH_WORDS.search(text, s_start, s_end)):
                add_finding(doc, BIRTH, m.start(), m.end(), edit="")
        lowered = text.lower()
        for m in _BORN.finditer(text) if ("born" in lowered or "birth" in lowered or "dob" in lowered) else ():
            add_finding(doc, BIRTH, m.start(1), m.end(1), edit="")

    def _references(self, doc: Doc, text: str, taken: list[tuple[int, int]]) -> None:
        """A number after "account", "PCN", "reference"... is a reference even if it could be dialled."""
        if not _LOOKS_LIKE_REFERENCE.search(text):
            return
        lowered = draft_of(doc).lowered
        after_word = (_REF_AFTER_WORD.finditer(text) if lowered is None
                      else _REF_AFTER_WORD_LOWERED.finditer(lowered))
        for m in after_word if _LONG_NUMBER.search(text) else ():
            start, end = m.span("ref")
            add_finding(doc, REFERENCE, start, end, edit="")
            taken.append((start, end))
        for m in _REF_SHAPE.finditer(text):
            if not any(s < m.end() and m.start() < e for s, e in taken):
                add_finding(doc, REFERENCE, m.start(), m.end(), edit="")
                taken.append(m.span())


@Language.factory("checkpost_personal_data")
def make_personal_data(nlp: Language, name: str) -> PersonalData:
    return PersonalData()
