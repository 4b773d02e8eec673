"""A trained signal for tone and conduct, run as plain Python from a JSON file.

The rule packs catch the wording they foresee; people put the same thing in endless ways. This is
a logistic regression over words and word pairs (TF-IDF, as scikit-learn computes it), trained by
`bench/train_signal.py` on real labelled posts (`../shared/real/train/`) and the project's own
labelled drafts (`data/train/`). The weights ship in `rules/data/signal.json`, so nothing is
downloaded and scikit-learn is not needed to run it; a test holds these scores equal to
scikit-learn's own.

What must not carry meaning is normalised away before the words are counted, in training and here
alike (`normalise`): @handles and `@USER` placeholders, links and `URL` placeholders, hashtag marks,
numbers, retweet marks, HTML entities, letters stretched for effect. They are taken out, not
replaced by a placeholder, which a model would learn from. Text too short to judge (under three
words once that is done) and text that is not mainly
English (a Welsh tweet, say) gets no score at all: the model knows only English words, and an
unknown language would be judged on its few loan words.
"""
from __future__ import annotations

import html
import math
import re
from collections import Counter
from itertools import filterfalse
from operator import mul
from pathlib import Path

from pydantic import BaseModel, ConfigDict, model_validator

DATA = Path(__file__).resolve().parent / "data" / "signal.json"
FORMAT = 2

# What the normaliser takes out leaves a space: a placeholder token would carry meaning after all
# (real abusive replies open with @handles more often than project drafts do, and a model learns it).
USER = LINK = NUMBER = " "
# Every expression here works in time linear in the text, however hostile: a link is tried only
# where a run of non-space starts, and runs of digits are read possessively (no backtracking).
# A link: `(?:https?://|www\.)\S+|(?<!\S)\S*?(?:t\.co|\.com|\.co\.uk|\.org|\.gov\.uk|\.net|\.ly)/\S*`, with
# a look ahead at each word's start for a "/" in the word (which the second part needs) before the
# domains are tried at each of its characters; a test holds the two to the same matches.
_LINK = re.compile(r"(?:https?://|www\.)\S+|(?<!\S)(?=[^\s/]*/)\S*?(?:t\.co|\.com|\.co\.uk|\.org|\.gov\.uk|\.net|\.ly)/\S*")
_LINK_HINTS = ("://", "www.", ".co/", ".com/", ".uk/", ".org/", ".net/", ".ly/")
_PLACEHOLDER_URL = re.compile(r"\bURL\b")
_USER = re.compile(r"@\w+")
_RETWEET = re.compile(r"(?:^|(?<=\s))RT\b:?")
_HASH = re.compile(r"#(?=\w)")
# A number: `(?<!\d)\d++...`, written to open with the digit, so that `re` scans for digits quickly
# rather than trying the look-behind at every character (the look-behind, after that digit, says
# the character before it is not one).
_NUMBER = re.compile(r"\d(?<!\d\d)\d*+(?:[.,:]\d++)*+(?:st|nd|rd|th|am|pm|s|k|m)?\b")
_STRETCHED = re.compile(r"([a-z])\1\1+")  # on the lower-cased text: letters only, so it is quick
_CURLY = (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'), ("\u02bc", "'"))
# Sublinear term frequency, 1 + log(n), for the counts a draft has (index 0 is never read).
_SUBLINEAR = (0.0, 1.0, *(1.0 + math.log(n) for n in range(2, 1024)))


def normalise(text: str, keep_case: bool = False) -> str:
    """The text as the model reads it: what must not carry meaning taken out, lower-cased."""
    if "&" in text:
        text = html.unescape(text)
    if not text.isascii():  # str.translate looks up every character in Python; replace runs in C
        for curly, straight in _CURLY:
            if curly in text:
                text = text.replace(curly, straight)
    if any(hint in text for hint in _LINK_HINTS):
        text = _LINK.sub(LINK, text)
    if "URL" in text:
        text = _PLACEHOLDER_URL.sub(LINK, text)
    if "…" in text:  # where a collector cut the post short
        text = text.replace("…", " ")
    if "@" in text:
        text = _USER.sub(USER, text)
    if "RT" in text:
        text = _RETWEET.sub(" ", text)
    if "#" in text:
        text = _HASH.sub("", text)
    text = _NUMBER.sub(NUMBER, text)
    return text if keep_case else _STRETCHED.sub(r"\1\1", text.lower())


class CategoryWeights(BaseModel):
    model_config = ConfigDict(extra="forbid")
    coef: list[float]
    intercept: float
    threshold: float
    # The terms with the strongest weights for the category, the only ones a finding names: a term
    # that nudged one score up ("the bins") explains nothing to a person.
    telling: list[str]


class SignalModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: int
    token_pattern: str
    ngram_range: tuple[int, int]
    sublinear_tf: bool
    vocabulary: list[str]
    idf: list[float]
    categories: dict[str, CategoryWeights]
    # Words that never explain a score on their own ("you", "the"): scikit-learn's English list.
    stop_words: list[str]
    # Names of people, parties and places (words the training texts nearly always capitalise):
    # left out before words are paired and counted, as scikit-learn's stop_words are.
    names: list[str]
    # Below this share of known English words among a text's words, the model abstains.
    min_english_share: float
    min_words_to_abstain: int
    # Fewer words than this (after normalising) get no score: "Stunning!" or "Doddle" alone are
    # too little to read a tone from, and the rules judge them.
    min_words_to_judge: int

    @model_validator(mode="after")
    def _sizes_agree(self) -> SignalModel:
        if self.format != FORMAT or self.ngram_range != (1, 2) or not self.sublinear_tf:
            raise ValueError(f"only format {FORMAT} (word 1-2 grams, sublinear tf) is understood")
        if len(self.idf) != len(self.vocabulary):
            raise ValueError("idf and vocabulary differ in length")
        for name, weights in self.categories.items():
            if len(weights.coef) != len(self.vocabulary):
                raise ValueError(f"{name}: coef and vocabulary differ in length")
        return self


class TextSignal:
    """Scores a text for each category; loaded once per process."""

    def __init__(self, path: Path = DATA) -> None:
        model = SignalModel.model_validate_json(path.read_text(encoding="utf-8"))
        self.token = re.compile(model.token_pattern)
        self.vocabulary = model.vocabulary
        self.index = {term: i for i, term in enumerate(model.vocabulary)}
        # The word pairs by their two words: a pair of tokens is looked up as it comes, with no
        # string made for it (tokens hold no space, so a pair is a term only if the term is the
        # two joined by one).
        self.pairs = {tuple(term.split(" ")): i for i, term in enumerate(model.vocabulary) if term.count(" ") == 1}
        self.idf = model.idf
        # Each weight times its idf, once, so a score is one sum over the draft's terms.
        self.categories = {name: ([c * f for c, f in zip(w.coef, model.idf)], w.intercept)
                           for name, w in model.categories.items()}
        self.thresholds = {name: w.threshold for name, w in model.categories.items()}
        self.telling_terms = {name: frozenset(w.telling) for name, w in model.categories.items()}
        self.stop_words = frozenset(model.stop_words)
        self.names = frozenset(model.names)
        self.english = frozenset(t for t in model.vocabulary if " " not in t and t.isalpha())
        self.min_english_share = model.min_english_share
        self.min_words = model.min_words_to_abstain
        self.min_tokens = model.min_words_to_judge

    def tokens(self, text: str) -> list[str]:
        # filterfalse runs the test in C, not a Python loop over every word
        return list(filterfalse(self.names.__contains__, self.token.findall(normalise(text))))

    def is_english(self, tokens: list[str]) -> bool:
        """Mainly English: most of its words (placeholders aside) are words the model has seen."""
        words = [t for t in tokens if t.isalpha()]
        if len(words) < self.min_words:
            return True
        known = sum(map(self.english.__contains__, words))
        return known >= self.min_english_share * len(words)

    def _counts(self, tokens: list[str]) -> dict[int, int]:
        """How often each vocabulary term occurs, in the order scikit-learn meets them (words in
        order of first use, then pairs), so that sums over it add up in the same order."""
        get = self.index.get
        # Counter counts in C over map(), a little faster than a Python loop, in the same order.
        counts: Counter[int | None] = Counter(map(get, tokens))
        counts.update(map(self.pairs.get, zip(tokens, tokens[1:])))
        del counts[None]  # words and pairs outside the vocabulary (a Counter ignores a missing key)
        return counts  # type: ignore[return-value]

    def judges(self, text: str) -> bool:
        """Whether the model gives the text a score at all: enough words, mainly English."""
        tokens = self.tokens(text)
        return len(tokens) >= self.min_tokens and self.is_english(tokens)

    def _prepared(self, text: str, judge: bool = True) -> tuple[list[int], list[float], float] | None:
        """The draft's vocabulary ids, their sublinear term frequencies and the TF-IDF norm; None
        when the model abstains (with `judge=False` the caller asks `judges` itself, only for the
        few texts that score high enough to matter)."""
        tokens = self.tokens(text)
        if judge and (len(tokens) < self.min_tokens or not self.is_english(tokens)):
            return None
        counts = self._counts(tokens)
        ids = list(counts)
        # Sublinear tf: 1 for a term met once (nearly all of them), else 1 + log(n): read from a
        # table made once (the same floats), in C, unless a term is met more often than it holds.
        found = counts.values()
        if max(found, default=0) < len(_SUBLINEAR):
            tf = list(map(_SUBLINEAR.__getitem__, found))
        else:
            tf = [1.0 if n == 1 else 1.0 + math.log(n) for n in found]
        # Sums run in C (map) over the terms in scikit-learn's order.
        values = list(map(mul, tf, map(self.idf.__getitem__, ids)))
        return ids, tf, math.sqrt(sum(map(mul, values, values))) or 1.0

    def scores(self, text: str, categories: tuple[str, ...] | None = None, judge: bool = True) -> dict[str, float]:
        """The probability, for each category, that a reviewer would flag the text (0 where the
        model abstains: too few words, or not mainly English; `judge=False` skips that check)."""
        names = categories or tuple(self.categories)
        prepared = self._prepared(text, judge)
        if prepared is None:
            return {name: 0.0 for name in names}
        ids, tf, norm = prepared
        out = {}
        for name in names:
            weights, intercept = self.categories[name]
            z = intercept + sum(map(mul, map(weights.__getitem__, ids), tf)) / norm
            out[name] = 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0
        return out

    def drivers(self, text: str, category: str) -> list[tuple[str, float]]:
        """The terms that pushed the category's score up, strongest first, with their share of it."""
        prepared = self._prepared(text)
        if prepared is None:
            return []
        ids, tf, norm = prepared
        weights = self.categories[category][0]
        parts = [(self.vocabulary[i], weights[i] * t / norm) for i, t in zip(ids, tf)]
        return sorted((p for p in parts if p[1] > 0), key=lambda p: -p[1])

    def telling(self, text: str, category: str, limit: int = 2) -> list[str]:
        """The terms worth naming to a person, strongest first: among the category's strongest
        terms, not stop words alone, and a pair only when it says more than a word already named."""
        telling = self.telling_terms[category]
        named: list[str] = []
        for term, _share in self.drivers(text, category):
            if term not in telling:
                continue
            words = term.split()
            if all(w in self.stop_words for w in words):
                continue
            if any(w in n.split() for n in named for w in words) or any(term in n for n in named):
                continue
            named.append(term)
            if len(named) == limit:
                break
        return named
