"""Type `capitals` (rules/types/capitals.py): `tone.shouting`."""
from __future__ import annotations

from rules.types.capitals import Capitals

RULE = "tone.shouting"


def test_everyday_words_in_capitals_are_shouting_and_put_in_sentence_case(found):
    findings = found("We did NOT close the tip and WILL NOT", RULE)
    assert [(f.excerpt, f.severity) for f in findings] == [("NOT", "warn"), ("WILL NOT", "warn")]
    assert "“will not”" in findings[1].suggestion  # {fixed} filled from the words found


def test_acronyms_and_a_label_opening_a_line_are_not_shouting(found):
    assert found("FLOOD WARNING: the ford is closed. Ask the SEND team or the NHS.", RULE) == []


def test_one_short_word_of_emphasis_is_info_outside_a_reply_and_warns_in_one(found):
    assert [f.severity for f in found("This is NOT a replacement for the bus.", RULE)] == ["info"]
    assert [f.severity for f in found("This is NOT a replacement for the bus.", RULE,
                                      in_reply_to="When is the bus back?")] == ["warn"]


def test_an_unlisted_short_acronym_is_not_shouted_and_a_long_word_is():
    capitals = Capitals()
    assert not capitals.is_shouted("CSC")
    assert capitals.is_shouted("PLEASE")
    assert not capitals.is_shouted("SEND")


def test_shouting_is_put_in_sentence_case_and_acronyms_kept(check):
    report = check("PLEASE DO NOT PUT NAPPIES IN THE RECYCLING. Ask the NHS team.")
    assert report.suggested_text == "Please do not put nappies in the recycling. Ask the NHS team."
