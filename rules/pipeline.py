"""The spaCy pipeline: blank English and Checkpost's own registered components.

There is no sentencizer in the pipeline: sentence bounds follow spaCy's Sentencizer rule but are
computed from the token arrays, only for drafts where a rule needs one (rules/components/base.py).
The check's state and results live on one `Draft` in `doc.user_data`; the Doc extensions
(`doc._.findings`, `doc._.report`, ...) are read-only views of it, so `nlp(text)` is a full check
with the default request and policy, and `Coach.check` runs the same components.
A trained pipeline is never needed: everything here runs offline on `spacy.blank("en")`.
"""
from __future__ import annotations

import re
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.attrs import IDX, NORM, ORTH, SPACY
from spacy.tokens import Doc

from . import components, types  # noqa: F401  (components: registers the component factories)
from .components.base import draft_of
from .packs import Registry

for _name in ("request", "findings", "length", "reply_hostile", "is_reply", "edits", "templates", "report"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, getter=lambda doc, _attr=_name: getattr(draft_of(doc), _attr))

COMPONENTS = (
    "checkpost_context",  # first: sets up the draft (the rule registry) and reads the post answered
    "checkpost_patterns",
    "checkpost_shouting",
    "checkpost_personal_data",
    "checkpost_signal",  # after the rules: it only adds what they missed
    "checkpost_length",
    "checkpost_style",
    "checkpost_report",  # last: the verdict and the suggested version
)
# The components that read the rule packs (the others find their rules' words through the draft).
_READS_PACKS = ("checkpost_context", "checkpost_patterns")


# Characters that spaCy's English tokenizer splits off one at a time as prefixes or suffixes:
# punctuation other than `.` and `-` (which it takes in runs), symbols such as £ and €, and emoji.
# It strips them one per pass, and every pass hashes and searches the whole rest of the word, so a
# long run of them costs time in the square of its length (40,000 "!" took over two minutes).
_SPLIT_ONE_BY_ONE = r"[^\w\s.\-]|_"
EDGE = 8  # characters at each end of a long run that spaCy reads with their neighbours
_LONG_RUN = re.compile(f"(?:{_SPLIT_ONE_BY_ONE}){{{2 * EDGE + 1},}}")
# Every such run is also a run of as many characters that are not white space, ASCII letters or
# digits, `.` or `-`: one set of characters, which `re` scans for several times faster than the
# alternation above. Ordinary drafts have none, and are passed on this alone.
_MAYBE_LONG_RUN = re.compile(f"[^\\sA-Za-z0-9.\\-]{{{2 * EDGE + 1}}}")


class RunSafeTokenizer:
    """spaCy's own tokenizer, made linear on long runs of punctuation, symbols or emoji.

    spaCy makes nearly every character of such a run a token of its own, so the inside of each
    run (all but `EDGE` characters at either end) becomes one token per character here, and
    spaCy tokenises the rest, once, with a space where each inside was. The text itself is
    never changed: `doc.text` is the draft and every token's offset is its offset in the draft,
    so findings index the original text. Only an emoticon inside such a run (":)" in
    ":):):)...") comes out as two tokens. Text without such a run, every ordinary draft, goes to
    spaCy's tokenizer unchanged.
    """

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab

    def __call__(self, text: str) -> Doc:
        insides = long_run_insides(text)
        if not insides:
            return self.tokenizer(text)
        parts = [(start, end) for start, end in zip([0, *(b for _, b in insides)],
                                                    [*(a for a, _ in insides), len(text)])]
        tokens = self.tokenizer(" ".join(text[a:b] for a, b in parts)).to_array([ORTH, NORM, IDX, SPACY]).tolist()
        strings = self.vocab.strings
        words: list[str] = []
        spaces: list[bool] = []
        norms: list[tuple[int, int]] = []  # (token number, spaCy's NORM), for special cases such as "n't"
        at, part_start = 0, 0
        for k, (a, b) in enumerate(parts):
            part_end = part_start + b - a
            while at < len(tokens) and tokens[at][2] < part_end:
                orth, norm, _idx, space = tokens[at]
                norms.append((len(words), norm))
                words.append(strings[orth])
                spaces.append(bool(space))
                at += 1
            if k < len(insides):
                spaces[-1] = False  # its space was the one put in for the inside of the run
                inside = text[insides[k][0]:insides[k][1]]
                words.extend(inside)
                spaces.extend([False] * len(inside))
            part_start = part_end + 1
        doc = Doc(self.vocab, words=words, spaces=spaces)
        column = doc.to_array([NORM])
        for i, norm in norms:
            column[i] = norm
        doc.from_array([NORM], column)
        return doc

    def __getattr__(self, name: str):
        return getattr(self.tokenizer, name)  # rules, special cases, serialisation: spaCy's own


def long_run_insides(text: str) -> list[tuple[int, int]]:
    """The inside of each long run of characters spaCy splits one by one: all but `EDGE` at each end."""
    if text.isalnum() or not _MAYBE_LONG_RUN.search(text):
        return []
    return [(run.start() + EDGE, run.end() - EDGE) for run in _LONG_RUN.finditer(text)]


def build_pipeline(rule_dirs: tuple[Path, ...] = ()) -> Language:
    nlp = spacy.blank("en")
    nlp.tokenizer = RunSafeTokenizer(nlp.tokenizer)
    for name in COMPONENTS:
        config = {"rule_dirs": [str(d) for d in rule_dirs]} if name in _READS_PACKS else {}
        nlp.add_pipe(name, config=config)
    # A computed rule with no entry in the registry is a packaging mistake: refuse it at load.
    registry_of(nlp).require([ref for rule_type in types.COMPUTED for ref in rule_type.RULES])
    return nlp


def registry_of(nlp: Language) -> Registry:
    """The rule registry this pipeline was built with."""
    return nlp.get_pipe("checkpost_context").registry
