"""A rule's conditions are searched once where they look (a sentence, the draft, the post), not
once for every match they narrow: a draft of one insult repeated costs no more condition searches
than the same insult once (issue 11: 40,000 characters took minutes)."""
from __future__ import annotations

import pytest

from rules import Coach


class Counting:
    """A compiled condition that counts its searches."""

    def __init__(self, pattern, counter: list[int]) -> None:
        self.pattern, self.counter = pattern, counter

    def search(self, *args):
        self.counter[0] += 1
        return self.pattern.search(*args)


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
