"""Type `repeated_marks` (rules/types/repeated_marks.py): `tone.exclamation`."""
from __future__ import annotations

RULE = "tone.exclamation"


def test_a_run_of_three_marks_warns_and_is_cut_to_one(found, check):
    assert [(f.excerpt, f.severity) for f in found("We told you already!!!", RULE)] == [("!!!", "warn")]
    assert [(f.excerpt, f.severity) for f in found("Why is it still there???", RULE)] == [("???", "warn")]
    assert check("We told you already!!!").suggested_text == "We told you already!"


def test_a_run_of_two_is_only_worth_knowing(found):
    assert [(f.excerpt, f.severity) for f in found("Well done!!", RULE)] == [("!!", "info")]
    assert "“!”" in found("Well done!!", RULE)[0].suggestion  # {mark} filled


def test_single_marks_and_two_question_marks_are_ordinary(found):
    assert found("Really? Is it? Great!", RULE) == []
    assert found("Is it open??", RULE) == []
