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

from ..gate import Gate, forget_parses, lowered_pattern, required_clauses, with_first_chars
from ..packs import CONDITIONS, PackError, Rule, load_rules
from .base import Draft, Edit, Meta, add_finding, draft_of, sentence_at, straighten


class PatternRules:
    def __init__(self, nlp: Language, rule_dirs: list[str]) -> None:
        self.rules: list[Rule] = load_rules(tuple(Path(d) for d in rule_dirs))
        self.meta = [Meta(r.id, r.category, r.severity, r.message, r.suggestion, r.source) for r in self.rules]
        # NORM folds case and the two apostrophes ("I'm" and "I’m" both give "am").
        self.phrases = PhraseMatcher(nlp.vocab, attr="NORM")
        self.matcher = Matcher(nlp.vocab, validate=True)
        # Each expression is compiled once, however many rules share it (tone and conduct twins).
        self.expressions: dict[str, re.Pattern[str]] = {}
        # Most also run, faster, on the lower-cased text without IGNORECASE (rules/gate.py:
        # case_free). Still with `re`: the `regex` module is quicker, but its \s and \w differ
        # from re's on some control characters, and a test found one.
        self.lowered: dict[str, re.Pattern[str]] = {}
        self.regexes: list[tuple[int, str]] = []
        # Each condition (packs.CONDITIONS) by rule number, for the rules that set it.
        conditions: dict[str, dict[int, re.Pattern[str]]] = {field: {} for field in CONDITIONS}
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
                    self.expressions[source] = re.compile(with_first_chars(source, fold=False), re.I)
                    fast = lowered_pattern(source)
                    if fast is not None:
                        self.lowered[source] = fast
                self.regexes.append((i, source))
            for field, table in conditions.items():
                compiled = rule.compiled(field)
                if compiled is not None:
                    table[i] = compiled
        self.unless, self.only_with, self.only_if = conditions["unless"], conditions["only_with"], conditions["only_if"]
        self.unless_anywhere = conditions["unless_anywhere"]
        self.only_if_post, self.unless_post = conditions["only_if_post"], conditions["unless_post"]

        self.post_conditioned = frozenset(self.only_if_post) | frozenset(self.unless_post)
        # Which expressions can possibly match is decided by one pass for all their literals.
        self.gate = Gate({src: required_clauses(src) for src in self.expressions})
        forget_parses()  # the parse trees were for reading the expressions once; they are large
        self.use_gate = True  # switched off only by the test that proves the gate changes nothing
        self.use_lowered = True  # likewise

    @lru_cache(maxsize=512)  # noqa: B019 - one pipeline per process; a few hundred contexts at most
    def _applicable(self, key: tuple) -> tuple[frozenset[int], dict[str, list[int]]]:
        """The rules whose `when` holds in this context (account, platform, pre-election, reply),
        and, for each expression, which of those rules use it."""
        account, platform, pre_election, is_reply, hostile = key
        ids = set()
        for i, rule in enumerate(self.rules):
            when = rule.when
            if ((when.account is None or when.account == account)
                    and (when.platforms is None or platform in when.platforms)
                    and (when.pre_election is None or when.pre_election == pre_election)
                    and (when.in_reply != "any" or is_reply)
                    and (when.in_reply != "hostile" or hostile)):
                ids.add(i)
        by_source: dict[str, list[int]] = {}
        for i, source in self.regexes:
            if i in ids:
                by_source.setdefault(source, []).append(i)
        return frozenset(ids), by_source

    def __call__(self, doc: Doc) -> Doc:
        draft = draft_of(doc)
        text = draft.plain
        applicable, by_source = self._applicable(_context_key(draft))
        hits: list[tuple[int, int, int]] = []
        matches = self.phrases(doc) if len(self.phrases) else []
        if len(self.matcher):
            matches = [*matches, *self.matcher(doc)]
        for key, start, end in matches:
            i = int(doc.vocab.strings[key])
            if i in applicable:
                span = doc[start:end]
                hits.append((i, span.start_char, span.end_char))
        lowered = draft.lowered
        wanted = self.gate.passing(text, lowered) if self.use_gate else self.expressions
        post = straighten(draft.request.in_reply_to or "")
        # Conditions on the post answered decide a rule before its expression runs, so an
        # expression whose rules all need a different post is never run.
        post_fits: dict[int, bool] = {}
        for source in wanted:
            users = by_source.get(source)
            if users is None:
                continue
            if self.post_conditioned.intersection(users):
                users = [i for i in users if self._post_fits(i, post, post_fits)]
                if not users:
                    continue
            fast = self.lowered.get(source) if lowered is not None and self.use_lowered else None
            found = fast.finditer(lowered) if fast is not None else self.expressions[source].finditer(text)
            spans = [m.span() for m in found if m.end() > m.start()]
            if spans:
                hits.extend((i, start, end) for i in users for start, end in spans)
        if not hits:
            return doc
        for i, start, end in sorted(hits, key=lambda h: (h[1], -h[2], h[0])):
            rule = self.rules[i]
            s_start, s_end = sentence_at(doc, start)
            s_end = max(s_end, end)
            sentence = text[s_start:s_end]  # sliced, so that ^ and $ mean the sentence's ends
            if i in self.unless and self.unless[i].search(sentence):
                continue
            if i in self.only_with and not self.only_with[i].search(sentence):
                continue
            if i in self.only_if and not (self.only_if[i].search(text) or self.only_if[i].search(post)):
                continue
            if i in self.unless_anywhere and self.unless_anywhere[i].search(text):
                continue
            if i in self.post_conditioned and not self._post_fits(i, post, post_fits):
                continue
            if rule.template is not None:
                draft.templates.add(rule.template)
            if rule.rewrite_sentence is not None:
                add_finding(doc, self.meta[i], start, end)
                draft.edits.append(Edit(s_start, s_end, rule.rewrite_sentence, rule.id, whole_sentence=True))
            else:
                add_finding(doc, self.meta[i], start, end, edit=rule.replace)
        return doc


    def _post_fits(self, i: int, post: str, seen: dict[int, bool]) -> bool:
        """Whether rule i's conditions on the post answered hold (`only_if_post`, `unless_post`)."""
        fits = seen.get(i)
        if fits is None:
            only, unless = self.only_if_post.get(i), self.unless_post.get(i)
            fits = seen[i] = ((only is None or only.search(post) is not None)
                              and (unless is None or not post or unless.search(post) is None))
        return fits


def _context_key(draft: Draft) -> tuple:
    key = draft.context
    if key is None:
        request = draft.request
        key = draft.context = (request.account, request.platform, request.pre_election,
                               draft.is_reply, draft.reply_hostile)
    return key


@Language.factory("checkpost_patterns", default_config={"rule_dirs": []})
def make_patterns(nlp: Language, name: str, rule_dirs: list[str]) -> PatternRules:
    return PatternRules(nlp, rule_dirs)
