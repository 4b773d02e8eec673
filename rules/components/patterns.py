"""Runs the rule packs: PhraseMatcher, Matcher and regular expressions, then each rule's conditions.

This is the thin engine of the Vale model: the rules themselves are YAML in `rules/packs/`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from ..gate import LiteralIndex, gate_text, required_literals
from ..packs import PackError, Rule, load_rules
from .base import Edit, Meta, add_finding, plain, sentence_at


class PatternRules:
    def __init__(self, nlp: Language, rule_dirs: list[str]) -> None:
        self.rules: list[Rule] = load_rules(tuple(Path(d) for d in rule_dirs))
        self.meta = [Meta(r.id, r.category, r.severity, r.message, r.suggestion, r.source) for r in self.rules]
        # NORM folds case and the two apostrophes ("I'm" and "I’m" both give "am").
        self.phrases = PhraseMatcher(nlp.vocab, attr="NORM")
        self.matcher = Matcher(nlp.vocab, validate=True)
        # Each expression is compiled once, however many rules share it (tone and conduct twins),
        # with the literals its matches must contain (see rules/gate.py).
        self.expressions: dict[str, tuple[re.Pattern[str], frozenset[str] | None]] = {}
        self.regexes: list[tuple[int, str]] = []
        self.unless: dict[int, re.Pattern[str]] = {}
        self.only_with: dict[int, re.Pattern[str]] = {}
        self.only_if: dict[int, re.Pattern[str]] = {}
        for i, rule in enumerate(self.rules):
            key = str(i)
            if rule.phrases:
                self.phrases.add(key, [nlp.make_doc(p) for p in rule.phrases])
            if rule.patterns:
                try:
                    self.matcher.add(key, rule.patterns)
                except Exception as exc:  # spaCy raises several types for a bad pattern
                    raise PackError(f"{rule.origin}: rule {rule.id}: a token pattern is not valid: {exc}") from None
            for source in rule.regex:
                if source not in self.expressions:
                    self.expressions[source] = (re.compile(source, re.I), required_literals(source))
                self.regexes.append((i, source))
            for table, compiled in ((self.unless, rule.compiled_unless()),
                                    (self.only_with, rule.compiled_only_with()),
                                    (self.only_if, rule.compiled_only_if())):
                if compiled is not None:
                    table[i] = compiled

        # Which expressions can possibly match is decided by one pass for all their literals.
        self.ungated = frozenset(src for src, (_, needs) in self.expressions.items() if needs is None)
        self.by_literal: dict[str, set[str]] = {}
        for src, (_, needs) in self.expressions.items():
            for literal in needs or ():
                self.by_literal.setdefault(literal, set()).add(src)
        self.gate = LiteralIndex(set(self.by_literal))
        self.use_gate = True  # switched off only by the test that proves the gate changes nothing

    def _applies(self, rule: Rule, doc: Doc) -> bool:
        return rule.id in self._applicable(_context_key(doc))

    @lru_cache(maxsize=512)  # noqa: B019 - one pipeline per process; a few hundred contexts at most
    def _applicable(self, key: tuple) -> frozenset[str]:
        """The rules whose `when` holds in this context (account, platform, pre-election, reply)."""
        account, platform, pre_election, is_reply, hostile = key
        ids = set()
        for rule in self.rules:
            when = rule.when
            if ((when.account is None or when.account == account)
                    and (when.platforms is None or platform in when.platforms)
                    and (when.pre_election is None or when.pre_election == pre_election)
                    and (when.in_reply != "any" or is_reply)
                    and (when.in_reply != "hostile" or hostile)):
                ids.add(rule.id)
        return frozenset(ids)

    def __call__(self, doc: Doc) -> Doc:
        text = plain(doc)
        hits: list[tuple[int, int, int]] = []
        matches = self.phrases(doc) if len(self.phrases) else []
        if len(self.matcher):
            matches = [*matches, *self.matcher(doc)]
        for key, start, end in matches:
            span = doc[start:end]
            hits.append((int(doc.vocab.strings[key]), span.start_char, span.end_char))
        if self.use_gate:
            wanted = set(self.ungated)
            for literal in self.gate.present(gate_text(text)):
                wanted |= self.by_literal[literal]
        else:
            wanted = set(self.expressions)
        found: dict[str, list[tuple[int, int]]] = {}
        applies: dict[int, bool] = {}
        for i, source in self.regexes:
            if source not in wanted:
                continue
            if i not in applies:
                applies[i] = self._applies(self.rules[i], doc)
            if not applies[i]:
                continue
            if source not in found:
                found[source] = [m.span() for m in self.expressions[source][0].finditer(text) if m.end() > m.start()]
            hits.extend((i, start, end) for start, end in found[source])
        for i, start, end in sorted(hits, key=lambda h: (h[1], -h[2])):
            rule = self.rules[i]
            if i not in applies:
                applies[i] = self._applies(rule, doc)
            if not applies[i]:
                continue
            s_start, s_end = sentence_at(doc, start)
            s_end = max(s_end, end)
            sentence = text[s_start:s_end]  # sliced, so that ^ and $ mean the sentence's ends
            if i in self.unless and self.unless[i].search(sentence):
                continue
            if i in self.only_with and not self.only_with[i].search(sentence):
                continue
            if i in self.only_if and not (self.only_if[i].search(text) or self.only_if[i].search(
                    doc._.request.in_reply_to or "")):
                continue
            if rule.template is not None:
                doc._.templates.add(rule.template)
            if rule.rewrite_sentence is not None:
                add_finding(doc, self.meta[i], start, end)
                doc._.edits.append(Edit(s_start, s_end, rule.rewrite_sentence, rule.id, whole_sentence=True))
            else:
                add_finding(doc, self.meta[i], start, end, edit=rule.replace)
        return doc


def _context_key(doc: Doc) -> tuple:
    key = doc.user_data.get("checkpost_context")
    if key is None:
        ext = doc._
        request = ext.request
        key = (request.account, request.platform, request.pre_election, ext.is_reply, ext.reply_hostile)
        doc.user_data["checkpost_context"] = key
    return key


@Language.factory("checkpost_patterns", default_config={"rule_dirs": []})
def make_patterns(nlp: Language, name: str, rule_dirs: list[str]) -> PatternRules:
    return PatternRules(nlp, rule_dirs)
