"""Type `personal_data` (rules/types/personal_data.py): the six `dm.*` details.

Also its reading of hostile input (issue 11): emails read in linear time, and no detail left
behind wherever it is placed.
"""
from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import rules.types.personal_data as personal_data
from rules.matcher import fold_case
from rules.models import PLATFORMS
from rules.types.personal_data import _REF_AFTER_WORD, _REF_AFTER_WORD_LOWERED
from tests.rules.test_hostile import N, _starts_tried


def test_a_residents_mobile_is_found_and_taken_out(found, check):
    text = "My mobile is 07700 900123, please ring me"
    assert [(f.excerpt, f.severity) for f in found(text, "dm.phone_number")] == [("07700 900123", "block")]
    assert "07700 900123" not in check(text).suggested_text


def test_the_councils_own_line_is_not_personal(found):
    assert found("Call us on 07700 900123 for bin collections", "dm.phone_number") == []
    assert found("Ring 0300 123 4567 to report it", "dm.phone_number") == []


def test_each_detail_has_its_rule(found):
    assert [f.excerpt for f in found("Email jo.bloggs@example.com about it", "dm.email_address")] == ["jo.bloggs@example.com"]
    assert found("Email bins@millbridge.gov.uk about it", "dm.email_address") == []
    assert [f.excerpt for f in found("Is that 14 Elm Grove?", "dm.home_address")] == ["14 Elm Grove"]
    assert found("Come to Millbridge Library, 14 Elm Grove", "dm.home_address") == []
    assert [f.excerpt for f in found("Is that SW1A 1AA?", "dm.postcode")] == ["SW1A 1AA"]
    assert [f.excerpt for f in found("Your DOB 12/03/1987 is on file", "dm.date_of_birth")] == ["12/03/1987"]
    assert found("Collections resume on 12/03/2030", "dm.date_of_birth") == []
    assert [f.excerpt for f in found("Your account 12345678 is paid", "dm.case_reference")] == ["12345678"]


def test_email_expression_reads_a_run_once():
    text = "a" * (N - 1) + "@"
    assert _starts_tried(personal_data._EMAIL_RUN_START, text) == 1
    assert list(personal_data.emails(text)) == []


@given(st.lists(st.sampled_from(["a", "b", ".", "+", "-", "@", "x.org", " ", "_", "é"]), max_size=40).map("".join))
@settings(max_examples=400)
def test_emails_are_the_expressions_matches(text):
    assert [m.span() for m in personal_data.emails(text)] == [m.span() for m in personal_data._EMAIL.finditer(text)]


_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ\u212a\u017f\u0131\u0130"
REFERENCE_WORDS = st.one_of(
    st.sampled_from(["account", "ACCOUNT", "Ref", "reference", "case", "PCN", "claim no.", "NI", "ni", "is",
                     "number", ":", "#", "COMP-77214", "ab123456c", "AB123456C", "1234-5678", "pcn12345",
                     "NMC-HR-20931", "12345", "0-1"]),
    # letter codes and digits in every case, as references are written
    st.tuples(st.text(alphabet=_LETTERS, max_size=6), st.sampled_from(["", "-", " "]),
              st.text(alphabet="0123456789-", min_size=4, max_size=9),
              st.text(alphabet=_LETTERS, max_size=1)).map("".join))


@given(text=st.lists(REFERENCE_WORDS, min_size=1, max_size=12).map(" ".join))
@settings(max_examples=400, deadline=None)
def test_the_lowered_reference_expression_matches_as_the_case_blind_one(text):
    """personal_data reads "account 1234-5678" on the lower-cased text, which must find the same."""
    lowered = fold_case(text)
    assert ([m.span("ref") for m in _REF_AFTER_WORD.finditer(text)]
            == [m.span("ref") for m in _REF_AFTER_WORD_LOWERED.finditer(lowered)])


def test_the_lowered_reference_expression_reads_every_letter():
    for text in ("account ZZ12345", "ref QZ-20931", "NI number: XY123456D", "case ſK-123456", "pcn Kx12345z"):
        assert ([m.span("ref") for m in _REF_AFTER_WORD.finditer(text)]
                == [m.span("ref") for m in _REF_AFTER_WORD_LOWERED.finditer(fold_case(text))] != []), text


# --- no detail left behind ----------------------------------------------------------------------

DETAILS = ["07700 900123", "07700900123", "+44 7700 900123", "jo.bloggs@example.com", "sam+bins@mail.co.uk",
           "SW1A 1AA", "M1 1AE", "B33 8TH", "14 Elm Grove", "account 12345678", "ref COMP-77214",
           "PCN AB12345678", "DOB 12/03/1987", "born 4 May 1962"]
# What must not be left: the detail itself, or for one after a lead-in word, its number.
LEFT = {"account 12345678": "12345678", "ref COMP-77214": "COMP-77214", "PCN AB12345678": "AB12345678",
        "DOB 12/03/1987": "12/03/1987", "born 4 May 1962": "4 May 1962"}
WORDS = ["Missed bins on 12/03/2024.", "please sort the bins", "is where I live", "my number is", "Thanks",
         "email me", "the bins", "on 01/02/2025", "x", "."]
JOINS = ["", " ", ". ", ", ", "\n", ": ", ".", ",", "/"]


@given(st.lists(st.tuples(st.sampled_from(JOINS), st.one_of(st.sampled_from(DETAILS), st.sampled_from(WORDS))),
                min_size=1, max_size=8),
       st.sampled_from(PLATFORMS), st.booleans())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example([("", "SW1A 1AA"), (" ", "is where I live, please sort the bins")], "x", False)
@example([("", "Missed bins on 12/03/2024."), (" ", "07700 900123"), (" ", "is my number")], "x", False)
@example([("", "SW1A 1AA"), (".", "SW1A 1AA")], "x", False)
@example([("", "my number is"), (" ", "07700 900123"), ("", "07700 900123")], "x", False)
def test_no_detail_survives(coach, pieces, platform, reply):
    """Details placed anywhere (first, last, after a date, repeated, run into their neighbours)
    are all read, and none is left in the suggested text or in any part of a thread."""
    draft = ""
    for join, piece in pieces:
        # Run together letter to letter or digit to digit, two details are one word, even to a
        # person ("SW1A 1AAplease", "0770090012307700 900123"): those are left out.
        ambiguous = join == "" and (draft[-1:].isalnum() and piece[:1].isalnum())
        draft += (" " if ambiguous else join) + piece
    draft = draft.strip()
    details = [piece for _join, piece in pieces if piece in DETAILS]
    if not draft or not details:
        return
    report = coach.check({"text": draft, "platform": platform, "in_reply_to": "Bins?" if reply else None})
    assert report.route_to_dm
    for out in [report.suggested_text, *(report.thread or [])]:
        for detail in details:
            assert LEFT.get(detail, detail) not in out, (draft, out)
