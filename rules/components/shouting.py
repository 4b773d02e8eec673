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

from ..packs import Ref
from .base import add_finding, draft_of, sentence_bounds, text_of

DATA = Path(__file__).resolve().parents[1] / "data" / "acronyms.yml"
# The rules this component computes; their words are in rules/packs/computed.yml.
CAPS, MARKS = Ref("tone.shouting", "capitals"), Ref("tone.exclamation", "repeated_marks")
RULES = (CAPS, MARKS)
_RUN = re.compile(r"!(?:\s?!)+|[!?]{3,}|\?(?:\s?\?){2,}")
_LETTERS = re.compile(r"[A-Z][A-Z'’&]*[A-Z]")
# A word in capitals, not part of a handle, hashtag, reference or a word with digits (7AM, CO2).
# @USER and URL are the placeholders that datasets of real posts use.
_CAPS_WORD = re.compile(r"(?<![\w@/#_&'’-])(?!(?:USER|URL)\b)[A-Z][A-Z'’&]*[A-Z](?![\w/_&'’-])")
_LABEL = re.compile(r"[^\w\n]*(?:[A-Z][A-Z'’&]+\s){0,3}[A-Z][A-Z'’&]+\s?[:|]")
_LETTER = re.compile(r"[^\W\d_]")


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
        text = text_of(doc)
        # Two capitals in a row are rare enough to look for first, and so are two marks.
        shouted = [m for m in _CAPS_WORD.finditer(text) if self.is_shouted(m.group())] if _LETTERS.search(text) else []
        # One capitalised word of emphasis is still shouting ("We did NOT close it"); a lone long
        # word in capitals in a mostly lower-case post is often a name or programme, so 5+ letters
        # must not stand alone.
        # "FLOOD WARNING:", "GRITTING UPDATE:", "PLEASE SHARE |" at the start of a line are labels.
        shouted = [m for m in shouted if not _in_label(text, m)]
        if len(shouted) == 1 and _beside_capitals_or_number(text, shouted[0]):
            shouted = []  # "CC BY 4.0", "PART 2": a name or a label, not emphasis
        if shouted and (len(shouted) >= 2 or shouted[0].group().upper() in self.everyday):
            starts = {start for start, _ in sentence_bounds(doc)}
            # One everyday word in capitals in a post of ordinary case ("is NOT a replacement",
            # "ANY information") is emphasis: worth knowing, not a warning. Real published posts
            # by councils, forces and MPs do it routinely; two or more words read as shouting.
            # In a reply it is raised at someone ("we've been out FOUR times"), so it still warns.
            severity = ("info" if len(shouted) == 1 and len(shouted[0].group()) < 7
                        and not draft_of(doc).is_reply else None)
            for run in _runs(text, shouted):
                start, end = run[0].start(), run[-1].end()
                fixed = text[start:end]
                for m in reversed(run):
                    word = m.group().capitalize() if m.start() in starts else m.group().lower()
                    fixed = fixed[:m.start() - start] + word + fixed[m.end() - start:]
                add_finding(doc, CAPS, start, end, fill={"fixed": fixed}, edit=fixed, severity=severity)
        for m in _RUN.finditer(text) if text.count("!") + text.count("?") >= 2 else ():
            mark = "!" if "!" in m.group() else "?"
            # "!!!" reads as exasperated; a cheerful "Well done!!" is only worth knowing.
            severity = "warn" if sum(c in "!?" for c in m.group()) >= 3 else "info"
            add_finding(doc, MARKS, m.start(), m.end(), fill={"mark": mark}, edit=mark, severity=severity)
        return doc


def _beside_capitals_or_number(text: str, word: re.Match[str]) -> bool:
    before = text[max(0, word.start() - 12):word.start()].split()
    after = text[word.end():word.end() + 12].split()
    near = [w.strip(".,;:()") for w in (before[-1:] + after[:1])]
    return any(w and (w.isupper() or w[0].isdigit()) for w in near)


def _in_label(text: str, word: re.Match[str]) -> bool:
    """Whether the word is part of a capitalised label opening its line ("FLOOD WARNING:")."""
    label = _LABEL.match(text, text.rfind("\n", 0, word.start()) + 1)
    return label is not None and label.end() > word.start()


def _runs(text: str, words: list[re.Match[str]]) -> list[list[re.Match[str]]]:
    """Group shouted words that stand next to each other (with no other word between them)."""
    runs: list[list[re.Match[str]]] = []
    for m in words:
        if runs and not _LETTER.search(text, runs[-1][-1].end(), m.start()):
            runs[-1].append(m)
        else:
            runs.append([m])
    return runs


@Language.factory("checkpost_shouting")
def make_shouting(nlp: Language, name: str) -> Shouting:
    return Shouting()
