"""A rule's conditions are searched once where they look (a sentence, the draft, the post), not
once for every match they narrow: a draft of one insult repeated costs no more condition searches
than the same insult once (issue 11: 40,000 characters took minutes)."""
from __future__ import annotations

import pytest

from rules import Coach
from rules.policy import Policy


class Counting:
    """A compiled condition that counts its searches."""

    def __init__(self, pattern, counter: list[int]) -> None:
        self.pattern, self.counter = pattern, counter

    def search(self, *args, **kwargs):
        self.counter[0] += 1
        return self.pattern.search(*args, **kwargs)


@pytest.fixture
def counted(monkeypatch):
    coach = Coach()
    patterns = coach.nlp.get_pipe("checkpost_patterns")
    counter = [0]
    for field, table in patterns.conditions.items():
        monkeypatch.setitem(patterns.conditions, field, {i: Counting(p, counter) for i, p in table.items()})
    return coach, counter


@pytest.mark.parametrize("phrase", ["you are an idiot ", "Cllr Smith is a liar and a disgrace, "])
def test_conditions_are_searched_once_per_sentence_not_per_match(counted, phrase):
    coach, counter = counted
    searches = []
    for repeats in (1, 40, 400):
        counter[0] = 0
        report = coach.check({"text": phrase * repeats, "in_reply_to": "the bins again"})
        searches.append(counter[0])
        if repeats == 400:
            assert len(report.findings) > 40  # the matches are many
    assert searches[0] > 0
    assert searches[0] == searches[1] == searches[2]


def test_each_sentence_is_searched_once(counted):
    coach, counter = counted
    one = "You are an idiot, you are an idiot. "
    counter[0] = 0
    coach.check({"text": one})
    per_sentence = counter[0]
    counter[0] = 0
    coach.check({"text": one * 10})
    # the draft-wide conditions once, the sentence conditions once for each of ten sentences
    assert per_sentence < counter[0] <= 10 * per_sentence


# --- what a pattern rule finds and fixes (a team's own rule is of this type too) ----------------

TEAM_RULE = {"id": "house.puns", "category": "clarity", "severity": "warn", "message": "A pun.",
             "suggestion": "Say it plainly.", "source": "House style", "phrases": ["wheelie good"],
             "regex": [r"\bbin-?tastic\b"], "unless_in_sentence": [r"\bquote\b"], "replace": "very good"}
POLICY = Policy(extra_rules=(TEAM_RULE,))


def _puns(report) -> list[str]:
    return [f.excerpt for f in report.findings if f.rule == "house.puns"]


def test_a_pattern_rule_finds_its_phrases_and_expressions_and_replaces_them(coach):
    report = coach.check({"text": "Our new bins are wheelie good and bintastic."}, POLICY)
    assert _puns(report) == ["wheelie good", "bintastic"]
    assert report.suggested_text == "Our new bins are very good and very good."


def test_a_condition_on_the_sentence_lets_a_near_miss_through(coach):
    report = coach.check({"text": "To quote the paper, wheelie good. Bin-tastic news today."}, POLICY)
    assert _puns(report) == ["Bin-tastic"]
    assert _puns(coach.check({"text": "Our new bins are good."}, POLICY)) == []
