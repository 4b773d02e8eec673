"""Type `capitals` (`tone.shouting`): words in capitals that are not acronyms.

Finds a run of everyday words written in capitals ("we did NOT close it", "PLEASE STOP"), and
proposes the same words in sentence case. Which capitalised words are acronyms is data
(`rules/data/acronyms.yml`), because every council has its own (SEND, HMO, EHCP, LTN...). A short
all-capitals token that is not an everyday word is also treated as an acronym, so an unlisted one
(say, a team's own "CSC") does not cause a false alarm; everyday words in capitals ("NOT", "MUST",
"BINS") are what shouting looks like. Labels opening a line ("FLOOD WARNING:") are not shouting.
One short everyday word of emphasis, outside a reply, is reported at `info` whatever the entry says.

A pack entry of this type sets only the rule's words and switches (`id`, `enabled`, `category`,
`severity`, `message`, `suggestion`, `source`); `{fixed}` in them is the words in sentence case.
"""
from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict
from spacy.tokens import Doc

from ..packs import Ref, read_yaml
from ..components.base import add_finding, draft_of, sentence_bounds, text_of

DATA = Path(__file__).resolve().parents[1] / "data" / "acronyms.yml"
# The rule of this type; its words are in rules/packs/computed.yml.
RULE = Ref("tone.shouting", "capitals")
RULES = (RULE,)
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


class Capitals:
    def __init__(self, path: Path = DATA) -> None:
        data = Acronyms.model_validate(read_yaml(path))
        self.acronyms = {a.upper() for a in data.acronyms}
        self.everyday = {w.upper() for w in data.everyday_words}

    def is_shouted(self, word: str) -> bool:
        core = word.strip("'’")
        if len(core) < 2 or not _LETTERS.fullmatch(core) or core in self.acronyms:
            return False
        return len(core) >= 5 or core in self.everyday or core.replace("’", "'") in self.everyday

    def __call__(self, doc: Doc) -> Doc:
        self.find(doc, text_of(doc))
        return doc

    def find(self, doc: Doc, text: str) -> None:
        """Add this type's findings for the draft (`text` is the draft as written)."""
        # Two capitals in a row are rare enough to look for first.
        if not _LETTERS.search(text):
            return
        shouted = [m for m in _CAPS_WORD.finditer(text) if self.is_shouted(m.group())]
        if not shouted:
            return
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
                add_finding(doc, RULE, start, end, fill={"fixed": fixed}, edit=fixed, severity=severity)


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
