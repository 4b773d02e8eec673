"""Shouting: words in capitals that are not acronyms, and runs of ! or ?.

Which capitalised words are acronyms is data (`rules/data/acronyms.yml`), because every council
has its own (SEND, HMO, EHCP, LTN...). A short all-capitals token that is not an everyday word is
also treated as an acronym, so an unlisted one (say, a team's own "CSC") does not cause a false
alarm; everyday words in capitals ("NOT", "MUST", "BINS") are what shouting looks like.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict
from spacy.language import Language
from spacy.tokens import Doc

from .base import Meta, add_finding

DATA = Path(__file__).resolve().parents[1] / "data" / "acronyms.yml"
SOURCE = "The council's social media guidance; GOV.UK style guide (capitals are harder to read)"
CAPS = Meta("tone.shouting", "tone", "warn",
            "Words in capitals read as shouting, and are harder to read.",
            "Write it in sentence case: “{fixed}”.", SOURCE)
MARKS = Meta("tone.exclamation", "tone", "warn",
             "A run of exclamation or question marks reads as exasperated.",
             "Use a single “{mark}”, or a full stop.", SOURCE)
_RUN = re.compile(r"!(?:\s?!)+|[!?]{3,}|\?(?:\s?\?){2,}")
_LETTERS = re.compile(r"[A-Z][A-Z'’&]*[A-Z]")


class Acronyms(BaseModel):
    model_config = ConfigDict(extra="forbid")
    acronyms: list[str]
    everyday_words: list[str]


class Shouting:
    def __init__(self, path: Path = DATA) -> None:
        data = Acronyms.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        self.acronyms = {a.upper() for a in data.acronyms}
        self.everyday = {w.upper() for w in data.everyday_words}

    def is_shouted(self, word: str) -> bool:
        core = word.strip("'’")
        if len(core) < 2 or not _LETTERS.fullmatch(core) or core in self.acronyms:
            return False
        return len(core) >= 5 or core in self.everyday or core.replace("’", "'") in self.everyday

    def __call__(self, doc: Doc) -> Doc:
        shouted = [t for t in doc if t.is_upper and t.is_alpha and not _after_at(t) and self.is_shouted(t.text)]
        # One capitalised word of emphasis is still shouting ("We did NOT close it"); a lone long
        # word in capitals in a mostly lower-case post is often a name or programme, so 5+ letters
        # must not stand alone.
        if shouted and (len(shouted) >= 2 or shouted[0].text.upper() in self.everyday):
            for run in _runs(shouted):
                start, end = run[0].idx, run[-1].idx + len(run[-1].text)
                fixed = doc.text[start:end]
                for t in reversed(run):
                    at = t.idx - start
                    fixed = fixed[:at] + _lower(t) + fixed[at + len(t.text):]
                add_finding(doc, CAPS, start, end, suggestion=CAPS.suggestion.format(fixed=fixed), edit=fixed)
        for m in _RUN.finditer(doc.text):
            mark = "!" if "!" in m.group() else "?"
            add_finding(doc, MARKS, m.start(), m.end(), suggestion=MARKS.suggestion.format(mark=mark), edit=mark)
        return doc


def _after_at(tok) -> bool:
    """@USER placeholders, @handles and parts of references such as 24/01234/OUT are not shouting."""
    text = tok.doc.text
    before = text[tok.idx - 1] if tok.idx else " "
    after = text[tok.idx + len(tok.text)] if tok.idx + len(tok.text) < len(text) else " "
    return before in "@/-_#" or before.isdigit() or after in "/_" or tok.text in {"USER", "URL"}


def _runs(tokens: list) -> list[list]:
    """Group shouted words that stand next to each other (punctuation between them allowed)."""
    runs: list[list] = []
    for tok in tokens:
        if runs and all(not t.is_alpha for t in tok.doc[runs[-1][-1].i + 1:tok.i]):
            runs[-1].append(tok)
        else:
            runs.append([tok])
    return runs


def _lower(tok) -> str:
    """Sentence case: keep a capital only where the sentence starts."""
    starts = tok.is_sent_start if tok.doc.has_annotation("SENT_START") else tok.i == 0
    return tok.text.capitalize() if starts else tok.text.lower()


@Language.factory("checkpost_shouting")
def make_shouting(nlp: Language, name: str) -> Shouting:
    return Shouting()
