"""Type `pattern` (the default; every rule in `rules/packs/*.yml` but computed.yml): text that
matches a phrase, a token pattern or a regular expression, narrowed by conditions.

This is the thin engine of the Vale model (existence, substitution and Vale's conditional checks in
one type): the rules themselves are YAML. A pack entry of this type sets the rule's words and
switches (`id`, `enabled`, `category`, `severity`, `message`, `suggestion`, `source`), and finds
text in one or more of three ways (any mix):
- `phrases`: exact phrases, matched on lower-cased tokens by spaCy's PhraseMatcher;
- `patterns`: spaCy Matcher token patterns, for word order with gaps and token attributes;
- `regex`: regular expressions on the text, case-insensitive, for spellings and wildcards;
runs only where `when` holds (`account`, `platforms`, `pre_election`, `in_reply: any|hostile`);
is narrowed by conditions (regular expressions) whose names say where they look:
- `unless_in_sentence`: skip the match when its sentence also matches (for example, "send us a DM");
- `only_if_in_sentence`: keep the match only when its sentence also matches;
- `only_if_in_draft_or_post`: keep the match only when the draft or the post it answers matches;
- `unless_in_draft`: skip the match when the draft matches anywhere (say, it already invites a DM);
- `only_if_in_post`: keep the match only in a reply to a post that matches (say, one about the
  writer's own benefits or family);
- `unless_in_post`: skip the match in a reply to a post that matches (say, the resident was
  joking too, so laughing along is banter);
and may say what to do about it in the suggested text:
- `replace`: swap the match for this text ("" deletes it), like Vale's substitution rules;
- `rewrite_sentence`: replace the whole sentence holding the match ("" drops the sentence);
- `template`: in a reply, suggest a different reply altogether (see rules/data/templates.yml).

Each condition is evaluated once where it looks (once per sentence, once per draft, once per post
answered), however many matches it narrows, so a draft with thousands of hits costs no more
condition searches than it has sentences. A team's own rules (a policy's `extra_rules`) are of
this type too, compiled once per policy version (rules/engine.py).
"""
from __future__ import annotations

import itertools

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from .. import clauses, matcher
from ..models import ACCOUNTS, PLATFORMS
from ..packs import CONDITIONS, Meta, PackError, Ref, Rule
from ..components.base import Draft, Edit, add_finding, draft_of, sentence_at, straighten


class PatternRules:
    """The pattern rules of a registry (`own=False`: a team's extra rules, reported under their
    own words even where they replace a built-in rule of the same id)."""

    def __init__(self, nlp: Language, rules: list[Rule], own: bool = False) -> None:
        self.rules = rules
        # A built-in rule is reported by id (the registry and the policy decide its words); a
        # team's extra rule by its own words.
        self.meta: list[Ref | Meta] = [r.meta if own else Ref(r.id, "pattern") for r in self.rules]
        # NORM folds case and the two apostrophes ("I'm" and "I’m" both give "am").
        self.phrases = PhraseMatcher(nlp.vocab, attr="NORM")
        self.matcher = Matcher(nlp.vocab, validate=True)
        self.regexes: list[tuple[int, str]] = []
        # Each condition (packs.CONDITIONS) by rule number, for the rules that set it.
        conditions: dict[str, dict[int, matcher.Expression]] = {field: {} for field in CONDITIONS}
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
                self.regexes.append((i, source))
            for field, table in conditions.items():
                compiled = rule.compiled(field)
                if compiled is not None:
                    table[i] = compiled
        self.conditions = conditions
        self.post_conditioned = frozenset(conditions["only_if_in_post"]) | frozenset(conditions["unless_in_post"])
        # Every expression once, however many rules share it (tone and conduct twins), in one
        # set that decides in one pass which can match a draft (rules/matcher.py). Still `re`
        # underneath: the `regex` module is quicker, but its \s and \w differ from re's on some
        # control characters, and a test found one.
        self.expressions = matcher.Matcher((source for _i, source in self.regexes), known=clauses.shipped())
        # Every context a draft can be checked in (a hundred or so), decided now rather than
        # filled in by the checks.
        self.contexts = {key: self._applicable(key) for key in itertools.product(
            ACCOUNTS, PLATFORMS, (False, True), (False, True), (False, True))}

    def compile_all(self) -> None:
        """Compile every expression and condition now, rather than on first use (a server)."""
        self.expressions.compile_all()
        for table in self.conditions.values():
            for expression in table.values():
                expression.compile_all()

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
        applicable, by_source = self.contexts[_context_key(draft)]
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
        expressions = self.expressions
        wanted = expressions.candidates(text, lowered)
        post = straighten(draft.request.in_reply_to or "")
        # The post case-folded once, for conditions that can run on folded text (None if folding
        # moved its offsets: then they run on the post as written).
        post_lowered: str | None = matcher.fold_case(post) if post else post
        if post_lowered is not None and len(post_lowered) != len(post):
            post_lowered = None
        where = (text, lowered, post, post_lowered)
        # Conditions on the post answered decide a rule before its expression runs, so an
        # expression whose rules all need a different post is never run.
        post_fits: dict[int, bool] = {}
        for source in wanted:
            users = by_source.get(source)
            if users is None:
                continue
            if self.post_conditioned.intersection(users):
                users = [i for i in users if self._post_fits(i, where, post_fits)]
                if not users:
                    continue
            found = expressions.finditer(source, text, lowered)
            spans = [m.span() for m in found if m.end() > m.start()]
            if spans:
                hits.extend((i, start, end) for i in users for start, end in spans)
        if not hits:
            return doc
        # Each condition's answer, once per place it looks: (field, rule, sentence) -> bool.
        decided: dict[tuple, bool] = {}
        for i, start, end in sorted(hits, key=lambda h: (h[1], -h[2], h[0])):
            rule = self.rules[i]
            s_start, s_end = sentence_at(doc, start)
            s_end = max(s_end, end)
            if not self._conditions_hold(i, where, (s_start, s_end), decided, post_fits):
                continue
            meta = self.meta[i]
            if rule.rewrite_sentence is not None:
                if add_finding(doc, meta, start, end) is None:
                    continue  # held back by the team's policy: no sentence rewrite or template either
                draft.edits.append(Edit(s_start, s_end, rule.rewrite_sentence, rule.id, whole_sentence=True))
            elif add_finding(doc, meta, start, end, edit=rule.replace) is None:
                continue
            if rule.template is not None:
                draft.templates.add(rule.template)
        return doc

    def _conditions_hold(self, i: int, texts: tuple, sentence: tuple[int, int],
                         decided: dict[tuple, bool], post_fits: dict[int, bool]) -> bool:
        """Whether rule i's conditions let a match in this sentence through, each condition
        searched at most once per place it looks (the sentence, the draft, the post).

        `texts` is (draft, its case folding, post, its case folding), a folding None where it
        moved the offsets. A condition that can run on folded text without IGNORECASE does
        (rules/matcher.py); a sentence's folding is read as that slice of the draft's (folding
        maps character for character, and what differs from folding the slice alone, a final
        sigma, no such expression can tell apart)."""
        text, lowered, post, post_lowered = texts
        for field, table in self.conditions.items():
            pattern = table.get(i)
            if pattern is None:
                continue
            where = CONDITIONS[field]
            if where == "post":
                if not self._post_fits(i, texts, post_fits):
                    return False
                continue
            key = (field, i, sentence) if where == "sentence" else (field, i)
            found = decided.get(key)
            if found is None:
                if where == "sentence":
                    # sliced, so that ^ and $ mean the sentence's ends
                    s_start, s_end = sentence
                    found = pattern.search(text[s_start:s_end], folded=None if lowered is None
                                           else lowered[s_start:s_end]) is not None
                elif where == "draft":
                    found = pattern.search(text, folded=lowered) is not None
                else:  # draft_or_post
                    found = (pattern.search(text, folded=lowered) is not None
                             or pattern.search(post, folded=post_lowered) is not None)
                decided[key] = found
            if found != field.startswith("only_if"):
                return False
        return True

    def _post_fits(self, i: int, texts: tuple, seen: dict[int, bool]) -> bool:
        """Whether rule i's conditions on the post answered hold (`only_if_in_post`, `unless_in_post`)."""
        fits = seen.get(i)
        if fits is None:
            post, post_lowered = texts[2], texts[3]
            only = self.conditions["only_if_in_post"].get(i)
            unless = self.conditions["unless_in_post"].get(i)
            fits = seen[i] = ((only is None or only.search(post, folded=post_lowered) is not None)
                              and (unless is None or not post or unless.search(post, folded=post_lowered) is None))
        return fits


def _context_key(draft: Draft) -> tuple:
    key = draft.context
    if key is None:
        request = draft.request
        key = draft.context = (request.account, request.platform, request.pre_election,
                               draft.is_reply, draft.reply_hostile)
    return key
