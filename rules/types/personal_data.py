"""Type `personal_data` (the six `dm.*` rules): personal details in a public reply: phone numbers,
emails, home addresses, postcodes, dates of birth and case or account references.

These need logic a phrase list cannot hold (is this number the council's switchboard or the
resident's mobile?), so they are code; what counts as a published contact route is data
(`rules/data/public_contacts.yml`). Each detail found is proposed for deletion, and every other
place the same detail appears is found too.

A pack entry of this type sets only the rule's words and switches (`id`, `enabled`, `category`,
`severity`, `message`, `suggestion`, `source`) for one of the six ids (`dm.phone_number`,
`dm.email_address`, `dm.home_address`, `dm.postcode`, `dm.date_of_birth`, `dm.case_reference`);
it fills no `{fields}`.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date
from functools import lru_cache
from pathlib import Path

import phonenumbers
from pydantic import BaseModel, ConfigDict
from spacy.tokens import Doc

from .. import matcher
from ..packs import Ref, read_yaml
from ..components.base import add_finding, draft_of, plain, sentence_at

DATA = Path(__file__).resolve().parents[1] / "data" / "public_contacts.yml"
# The rules of this type; their words are in rules/packs/computed.yml.
PHONE, EMAIL, ADDRESS, POSTCODE, BIRTH, REFERENCE = (
    Ref(f"dm.{name}", "personal_data")
    for name in ("phone_number", "email_address", "home_address", "postcode", "date_of_birth", "case_reference"))
RULES = (PHONE, EMAIL, ADDRESS, POSTCODE, BIRTH, REFERENCE)
_DETAIL_RULES = {ref.id: ref for ref in RULES}

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
# The same, tried only where a run of the characters before "@" starts: `_EMAIL` tried at every
# position of a long run reads on to its end each time ("a" * 39999 + "@" took 9 seconds).
_EMAIL_RUN_START = re.compile(r"(?<![\w.+-])" + _EMAIL.pattern)


def emails(text: str):
    """`_EMAIL.finditer(text)`, in linear time. Inside a run, a match can start only where the
    run starts (any later start reaches the same "@"), or right where the last match ended."""
    pos, last_end = 0, -1
    while True:
        found = _EMAIL.match(text, pos) if pos == last_end else None
        found = found or _EMAIL_RUN_START.search(text, pos)
        if found is None:
            return
        yield found
        pos = last_end = found.end()

# A date: `\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b`, written to open with its first digit
# (which `re` scans for quickly) and say after it that no word character stands before it, as the
# opening \b did; a test holds the two to the same matches and groups.
_DATE = _starting(r"(\d(?<!\w\d)\d?)[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b")
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
# Reference shapes: `\b[A-Z]{2,5}-\d{2,4}-\d{3,}\b|\b[A-Z]{2}\d{8,}\b|\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b
# |\b[A-Z]{2,5}(?:-[A-Z]{2,5})*-\d{5,}\b`, their shared opening capital read first (scanned for
# quickly), then no word character before it, as each \b said; a test holds the two equal.
_REF_SHAPE = _starting(r"[A-Z](?<!\w[A-Z])(?:[A-Z]{1,4}-\d{2,4}-\d{3,}\b|[A-Z]\d{8,}\b|[A-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b"
                       r"|[A-Z]{1,4}(?:-[A-Z]{2,5})*-\d{5,}\b)")
_DIGITS = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
# "we'll call you on…" or "your on…" is their number; "go through it with you on…" is ours
_CALLING_THEM = re.compile(r"(?<!with )\b(you|your) on\b|\bcall(ing|ed)? you\b", re.I)

# A run of digits (with spaces, brackets, dots, dashes and slashes) long enough to be a phone number:
# `\+?\(?\d[\d\s().\-/]{6,}\d` (DIGIT_RUN_PLAIN), written to open with the class of its first
# character ("+", "(" or a digit), so that `re` scans for those quickly rather than trying the
# optional "+" and "(" at every position; a look-behind then says which one was read. A test holds
# the two to the same matches.
DIGIT_RUN_PLAIN = r"\+?\(?\d[\d\s().\-/]{6,}\d"
_DIGIT_RUN = re.compile(r"[+(\d](?:(?<=\+)\(?\d|(?<=\()\d|(?<=\d))[\d\s().\-/]{6,}\d")
_OUR_LINE = re.compile(r"\b(?:call|ring|text|phone|contact) us\b|\bour\b", re.I)
_LOOKS_LIKE_ADDRESS = re.compile(r"\d[A-Za-z]?,?\s+[A-Z]")
_LOOKS_LIKE_POSTCODE = re.compile(r"\d[A-Z]{2}\b")
_LOOKS_LIKE_DATE = re.compile(r"\d[/.-]\d")
# Every reference shape has three digits in a row, or an NI number's spaced pairs.
_LOOKS_LIKE_REFERENCE = re.compile(r"\d\d[\d\s]")
# A reference after a word ("account 1234-5678", "ref COMP-77214", "ref CBC-2291") has four digits
# or dashes in a row.
_LONG_NUMBER = re.compile(r"\d[\d-]{2,}\d")
_IN_HANDLE = re.compile(r"@\w*$")
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
                   r"plans for|extension|demolition|appeal)\b|(?<!/)\b\d{2}/\d{4,5}/(?-i:[A-Z]{2,5})\b", re.I)


_CONTEXT = 300  # characters of the sentence read before a phone number
_RUN_WINDOW = 64  # a longer run of digits is read in windows this long, half overlapping


def _starts_with_letter(source: str) -> bool:
    """Whether every match of the expression starts with a letter (as rules/matcher.py reads it)."""
    first = matcher.first_chars(source, fold=False)
    return bool(first) and all(c.isalpha() for c in first)  # "\\d" (any digit) is not alphabetic


def _phone_numbers(text: str, at: int = 0):
    """phonenumbers' matcher, run only on the stretches of text that could hold a number.

    The matcher costs about as much as every rule together, so it looks only at runs of digits
    (with spaces, brackets, dots and dashes) long enough to be a phone number. A run longer than
    `_RUN_WINDOW` (no ordinary draft has one) is read in windows of that length that overlap by
    half, so that every number of up to half a window is seen whole in one; numbers found
    overlapping are joined, so none is left partly behind. The matcher's work on a run stays
    linear in its length (`"1/1/" * 10000` took 13 seconds read as one).
    """
    for run in _runs(text, at):
        if len(_DIGITS.findall(run.group())) < 9:
            continue
        offset = max(0, run.start() - 1)
        if run.end() - run.start() <= _RUN_WINDOW:
            yield from ((offset + s, offset + e, n) for s, e, n in _matches(text[offset:run.end() + 1]))
            continue
        found: list[tuple[int, int, phonenumbers.PhoneNumber]] = []
        step = _RUN_WINDOW // 2
        for start in range(offset, run.end() - step, step):
            window_end = min(start + _RUN_WINDOW, run.end() + 1)
            for s, e, number in _matches(text[start:window_end]):
                s, e = start + s, start + e
                if found and s < found[-1][1]:
                    if s >= found[-1][0] and e <= found[-1][1]:
                        continue  # seen whole in the window before
                    first = found.pop()
                    found.append((min(first[0], s), max(first[1], e), number if e - s > first[1] - first[0] else first[2]))
                else:
                    found.append((s, e, number))
        yield from found


def _runs(text: str, at: int = 0):
    """The digit runs, cut where a sentence ends (". ") and around dates: the matcher reads a run
    that starts with a date as a date and skips all of it, number and all ("Missed bins on
    12/03/2024. 07700 900123 is my number")."""
    # a run opens with "+", "(" or a digit: at most two characters before the first digit
    for run in _DIGIT_RUN.finditer(text, max(0, at - 2)):
        if not _RUN_BREAK.search(run.group()):
            yield run
            continue
        pos = run.start()
        for brk in _RUN_BREAK.finditer(text, run.start(), run.end()):
            if brk.start() > pos:
                yield from _DIGIT_RUN.finditer(text, pos, brk.start())
            pos = brk.end()
        yield from _DIGIT_RUN.finditer(text, pos, run.end())


_RUN_BREAK = re.compile(r"\.\s+|(?<!\d)\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})(?!\d)")


@lru_cache(maxsize=1024)
def _matches(window: str) -> tuple[tuple[int, int, phonenumbers.PhoneNumber], ...]:
    """The matcher's numbers in one window (cached: a long run is often one pattern repeated)."""
    return tuple((m.start, m.end, m.number) for m in
                 phonenumbers.PhoneNumberMatcher(window, "GB", leniency=phonenumbers.Leniency.POSSIBLE))


class Taken:
    """The spans already read as one detail, kept merged and sorted, so that whether a new one
    overlaps them is a bisection (compared with each, thousands of numbers took seconds)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)  # the spans that start before this one ends
        return i > 0 and self.ends[i - 1] > start

    def append(self, span: tuple[int, int]) -> None:
        start, end = span
        j = bisect_left(self.starts, end)
        i = j
        while i > 0 and self.ends[i - 1] > start:
            i -= 1
        if i < j:
            start, end = min(start, self.starts[i]), max(end, self.ends[j - 1])
        self.starts[i:j] = [start]
        self.ends[i:j] = [end]


class _SentenceSearch:
    """Whether an expression occurs in a stretch of text, asked once per stretch (a sentence
    holding many addresses or dates was searched whole again for each)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.seen: dict[tuple[re.Pattern[str], int, int], bool] = {}

    def __call__(self, pattern: re.Pattern[str], start: int, end: int) -> bool:
        key = (pattern, start, end)
        if key not in self.seen:
            self.seen[key] = pattern.search(self.text, start, end) is not None
        return self.seen[key]


class PublicContacts(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email_domains: list[str]
    email_mailboxes: list[str]
    phone_public_context: str
    phone_private_context: str
    phone_appeal_context: str
    reference_public_context: str
    email_public_context: str


class PersonalData:
    def __init__(self, path: Path = DATA) -> None:
        data = PublicContacts.model_validate(read_yaml(path))
        self.domains = tuple(d.lower() for d in data.email_domains)
        self.mailboxes = {m.lower() for m in data.email_mailboxes}
        self.public_phone = re.compile(data.phone_public_context, re.I)
        self.private_phone = re.compile(data.phone_private_context, re.I)
        self.appeal_phone = re.compile(data.phone_appeal_context, re.I)
        self.public_reference = re.compile(data.reference_public_context, re.I)
        self.public_email_context = re.compile(data.email_public_context, re.I)
        self.contexts_start_with_letters = all(map(_starts_with_letter, (
            data.phone_public_context, data.phone_private_context, data.phone_appeal_context,
            _OUR_LINE.pattern, _CALLING_THEM.pattern)))

    def _public_email(self, address: str) -> bool:
        local, _, domain = address.lower().partition("@")
        if domain.endswith(self.domains) or any(domain == d for d in self.domains):
            return True
        return local in self.mailboxes

    def __call__(self, doc: Doc) -> Doc:
        text = plain(doc)
        spans = Taken()
        for m in emails(text) if "@" in text else ():
            if not self._public_email(m.group()) and not self.public_email_context.search(
                    text, max(0, m.start() - 40), m.start()):
                add_finding(doc, EMAIL, m.start(), m.end(), edit="")
            spans.append(m.span())
        digit = _DIGITS.search(text)
        if digit:
            # Every expression below that opens with a digit is searched from the first digit on:
            # nothing before it can start a match (and the look-behinds still see the text before).
            at = digit.start()
            self._references(doc, text, spans, at)
            if sum(map(text.count, "0123456789")) >= 9:
                self._phones(doc, text, spans, at)
            self._digits(doc, text, spans, at)
        self._repeats(doc, text)
        return doc

    def _repeats(self, doc: Doc, text: str) -> None:
        """Every other place a detail already found appears, however it is run into its
        neighbours: an expression that needs a word boundary misses a repeat glued on."""
        draft = draft_of(doc)
        found = [f for f in draft.findings if f.category == "dm" and f.severity == "block"
                 and f.rule in _DETAIL_RULES and len(f.excerpt) >= 5]
        for excerpt, rule in {f.excerpt: f.rule for f in found}.items():  # each detail once
            at = text.find(excerpt)
            while at >= 0:
                add_finding(doc, _DETAIL_RULES[rule], at, at + len(excerpt), edit="")
                at = text.find(excerpt, at + len(excerpt))

    def _phones(self, doc: Doc, text: str, taken: Taken, at: int = 0) -> None:
        for start, end, number in _phone_numbers(text, at):
            if taken.overlaps(start, end):
                continue
            taken.append((start, end))
            s_start, _ = sentence_at(doc, start)
            # What the sentence says just before the number (a bounded stretch: searched again for
            # every number, the whole of a long sentence made the work grow with its square).
            before = text[max(s_start, start - _CONTEXT):start]
            if self.contexts_start_with_letters and not _LETTER.search(before):
                before = ""  # then none of the context expressions can match
            national = str(number.national_number)
            mobile = number.country_code == 44 and national.startswith("7")
            if self._published_reference(text, start):
                continue  # "call 101 and quote 5220235441": the account's own log number
            if number.country_code == 44 and national[:1] in ("3", "8"):
                continue  # 03 and 08 numbers are organisations' lines, never a resident's own
            calling_them = _CALLING_THEM.search(before)
            if mobile:
                # A mobile is public only when it is the council's own line ("call us", "our") or
                # one the draft asks everyone to ring ("anyone with information is asked to call
                # DC Rowe on").
                if (_OUR_LINE.search(before) or self.appeal_phone.search(before)) and not calling_them:
                    continue
            elif self.public_phone.search(before) and not calling_them:
                continue
            elif number.country_code == 44 and not self.private_phone.search(before):
                continue  # a landline with nothing to say it is the resident's own
            add_finding(doc, PHONE, start, end, edit="")

    def _digits(self, doc: Doc, text: str, taken: Taken, at: int = 0) -> None:
        """Addresses, postcodes and dates of birth; `at` is where the first digit is (or before)."""
        venue_end = -10  # where the last address read as a public venue ends (none yet)
        in_sentence = _SentenceSearch(text)
        # Each expression below is slow to scan with; a quick look for its shape comes first.
        for m in _ADDRESS.finditer(text) if _LOOKS_LIKE_ADDRESS.search(text, at) else ():
            s_start, s_end = sentence_at(doc, m.start())
            if (_VENUE.search(text, max(0, m.start() - 60), m.start())
                    or _VENUE_NEAR.search(text, max(s_start, m.start() - 60), m.start())
                    or (in_sentence(_SITE, s_start, max(s_end, m.end()))
                        and not in_sentence(_YOURS, s_start, max(s_end, m.end())))):
                venue_end = m.end()
                continue
            # "Thanks to Mr Okafor of 14 Elm Grove for..." loses " of 14 Elm Grove", not just the number.
            lead = _LEAD_IN.search(text, max(0, m.start() - 8), m.start())
            add_finding(doc, ADDRESS, m.start(), m.end(), edit="",
                        edit_span=(lead.start() if lead else m.start(), m.end()))
        for m in _POSTCODE.finditer(text) if _LOOKS_LIKE_POSTCODE.search(text, at) else ():
            if 0 <= m.start() - venue_end <= 3 or _VENUE_NEAR.search(text, max(0, m.start() - 60), m.start()):
                continue
            add_finding(doc, POSTCODE, m.start(), m.end(), edit="")
        for m in _DATE.finditer(text, at) if _LOOKS_LIKE_DATE.search(text, at) else ():
            this_year = date.today().year
            day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if len(m.group(3)) == 2:
                year += 1900 if year > this_year % 100 else 2000
            s_start, s_end = sentence_at(doc, m.start())
            if 1 <= day <= 31 and 1 <= month <= 12 and (
                    year <= this_year - 10 or in_sentence(_BIRTH_WORDS, s_start, s_end)):
                add_finding(doc, BIRTH, m.start(), m.end(), edit="")
        lowered = text.lower()
        for m in _BORN.finditer(text) if ("born" in lowered or "birth" in lowered or "dob" in lowered) else ():
            add_finding(doc, BIRTH, m.start(1), m.end(1), edit="")

    def _published_reference(self, text: str, start: int) -> bool:
        """A reference the draft asks everyone to quote ("call 101 quoting log 5220…") is the
        account's own, published on purpose; one inside an @handle is no reference at all."""
        return (self.public_reference.search(text, max(0, start - 90), start) is not None
                or _IN_HANDLE.search(text, max(0, start - 30), start) is not None)

    def _references(self, doc: Doc, text: str, taken: Taken, at: int = 0) -> None:
        """A number after "account", "PCN", "reference"... is a reference even if it could be dialled.
        `at` is where the first digit is (or before)."""
        if not _LOOKS_LIKE_REFERENCE.search(text, at):
            return
        lowered = draft_of(doc).lowered
        after_word = (_REF_AFTER_WORD.finditer(text) if lowered is None
                      else _REF_AFTER_WORD_LOWERED.finditer(lowered))
        for m in after_word if _LONG_NUMBER.search(text, at) else ():
            start, end = m.span("ref")
            if not self._published_reference(text, start):
                add_finding(doc, REFERENCE, start, end, edit="")
            taken.append((start, end))
        for m in _REF_SHAPE.finditer(text):
            if not taken.overlaps(m.start(), m.end()):
                if not self._published_reference(text, m.start()):
                    add_finding(doc, REFERENCE, m.start(), m.end(), edit="")
                taken.append(m.span())
