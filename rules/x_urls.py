"""Where twitter-text finds URLs, found in time linear in the text.

twitter-text's URL expression is tried at every position, and from each it reads on through every
dotted label that follows before giving up, so a long run of them with no top-level domain at its
end (`".a" * 250`, 500 characters) takes seconds and 40,000 characters would take hours.
`extract_urls` gives exactly what `twitter_text.extract_urls.extract_urls_with_indices` gives (a
property test holds the two equal), but tries that expression only where a URL can start: where a
domain can be read, label by label, from there to a top-level domain on twitter-text's own lists,
or at "http://" before one. Every other position the library would have tried fails, so skipping
it changes nothing, and each position tried either fails at once or ends a match that the search
then resumes after, as `finditer` does.
"""
from __future__ import annotations

import re

from functools import lru_cache

from twitter_text.extract_urls import default_protocol, idna_to_ascii, max_tco_slug_length, max_url_length
from twitter_text.regexp.extract_url import extract_url
from twitter_text.regexp.invalid_url_without_protocol_preceding_chars import (
    invalid_url_without_protocol_preceding_chars)
from twitter_text.regexp.valid_ascii_domain import valid_ascii_domain
from twitter_text.regexp.valid_cctld import valid_cctld
from twitter_text.regexp.valid_domain_chars import valid_domain_chars
from twitter_text.regexp.valid_gtld import valid_gtld
from twitter_text.regexp.valid_tco_url import valid_tco_url

_OPEN, _CLOSE = "(?:(?:", ")(?=[^0-9a-zA-Z@+-]|$))"


def _names(pattern: re.Pattern[str]) -> list[str]:
    source = pattern.pattern
    assert source.startswith(_OPEN) and source.endswith(_CLOSE), "twitter-text's TLD list changed shape"
    names = source[len(_OPEN):-len(_CLOSE)].split("|")
    assert all(re.escape(name) == name or not set(name) & set(".^$*+?{}[]\\|()") for name in names)
    return names


# `re.IGNORECASE` also matches these characters to the letter beside them (sre's extra cases).
_FOLDS = str.maketrans({"ı": "i", "İ": "i", "ſ": "s", "K": "k", "ς": "σ", "ϐ": "β", "ϵ": "ε", "ϑ": "θ",
                        "ϰ": "κ", "ϖ": "π", "ϱ": "ρ", "ϕ": "φ", "ẛ": "ṡ", "\u0345": "ι", "ι": "ι",
                        "µ": "μ", "ﬅ": "ﬆ"})


def _fold(text: str) -> str:
    """Each character to one lower-case character, as sre compares them under IGNORECASE."""
    text = text.translate(_FOLDS)
    return "".join(c if len(low := c.lower()) != 1 else low for c in text) if not text.isascii() else text.lower()


_NAMES = frozenset(_fold(name) for name in _names(valid_gtld) + _names(valid_cctld))
_ASCII_TLDS = frozenset(name for name in _NAMES if name.isascii())
_LENGTHS: dict[str, frozenset[int]] = {}  # a name's first character -> the lengths of the names it starts
for _name in _NAMES:
    _LENGTHS[_name[0]] = _LENGTHS.get(_name[0], frozenset()) | {len(_name)}
_ASCII_ALNUM = re.compile(r"[0-9A-Za-z]*")
_NOT_AFTER_TLD = re.compile(r"[0-9a-zA-Z@+-]", re.I)  # the names' own lookahead, negated
_DOMAIN_CHAR = re.compile(valid_domain_chars.pattern)
# Runs of characters a domain can hold: its labels' characters, dots, hyphens and underscores.
_CHAIN = re.compile(f"(?:{valid_domain_chars.pattern}|[._-])+")
_PROTOCOL = re.compile(r"https?://", re.I)
_PUNYCODE = re.compile(r"xn--[\-0-9a-z]*", re.I)


def tld_at(text: str, i: int) -> bool:
    """Whether one of twitter-text's top-level domains (or a punycode one) can be read at `i`:
    never False where its expression would read one, rarely True where it would not."""
    c = text[i:i + 1]
    if not c:
        return False
    if text[i:i + 4].lower() == "xn--":
        return True
    if c.isascii():
        end = _ASCII_ALNUM.match(text, i).end()
        after = text[end:end + 1]
        if after.isascii() or not _fold(after).isascii():
            # Then the name is the whole run of letters and digits, or there is none.
            return text[i:end].lower() in _ASCII_TLDS and not _NOT_AFTER_TLD.match(text, end)
    for n in _LENGTHS.get(_fold(c), ()):
        if _fold(text[i:i + n]) in _NAMES and not _NOT_AFTER_TLD.match(text, i + n):
            return True
    return False


def url_starts(text: str) -> list[tuple[int, int]]:
    """Where a URL (its protocol or its domain) can start, in order, each with how far its
    domain can reach: the end of the last top-level domain it can read, when the run of domain
    characters goes on after that (the expression's match can go no further, but would read on
    to the run's end before coming back: a second cost in the run's length), else the text's end."""
    starts: dict[int, int] = {}
    for chain in _CHAIN.finditer(text):
        a, b = chain.span()
        if text.find(".", a, b) >= 0:
            starts.update(_domain_starts(text, a, b))
    for protocol in _PROTOCOL.finditer(text) if "://" in text else ():
        domain = starts.get(protocol.end())
        if domain is not None:
            starts[protocol.start()] = domain
    return sorted(starts.items())


def _is_label_char(c: str) -> bool:
    return c not in "._-" and _DOMAIN_CHAR.match(c) is not None


def _tld_end(text: str, i: int, b: int) -> int:
    """Where the top-level name at `i` ends at the furthest, within the run text[:b]."""
    end = _ASCII_ALNUM.match(text, i).end()
    for n in _LENGTHS.get(_fold(text[i:i + 1]), ()):
        if _fold(text[i:i + n]) in _NAMES:
            end = max(end, i + n)
    if text[i:i + 4].lower() == "xn--":
        end = max(end, _PUNYCODE.match(text, i).end())
    return end if end < b else len(text)


def _domain_starts(text: str, a: int, b: int) -> dict[int, int]:
    """Positions in text[a:b] (one run of domain characters) from which twitter-text's domain
    expression can reach a top-level domain (labels that start and end with a letter or digit,
    joined by single dots, the last one without an underscore, then the top-level name), each
    with how far that domain can reach (see `url_starts`)."""
    tlds = {i + 1 for i in range(a, b) if text[i] == "." and tld_at(text, i + 1)} if text.find(".", a, b) >= 0 else ()
    if not tlds:
        return {}
    starts: dict[int, int] = {}
    later = -1  # the end of the furthest top-level domain reachable from the next label, or -1
    to_tld = -1  # the same for this label as the last before the top-level name
    underscore = False  # an underscore in this label, from here to its end
    i = b - 1
    while i >= a:
        c = text[i]
        if c == ".":
            label_ok = i + 1 < b and _is_label_char(text[i + 1]) and i - 1 >= a and _is_label_char(text[i - 1])
            if not label_ok:
                later = -1  # an empty label, or one that starts or ends with - or _
            elif later < 0 and to_tld >= 0 and not underscore:
                later = to_tld
            to_tld = _tld_end(text, i + 1, b) if label_ok and (i + 1) in tlds else -1
            underscore = False
        elif c in "-_":
            underscore = underscore or c == "_"
        elif later >= 0 or (to_tld >= 0 and not underscore):
            starts[i] = later if later >= 0 else to_tld
        i -= 1
    return starts


def extract_urls(text: str) -> list[tuple[int, int]]:
    """twitter-text's URLs in `text`, as (start, end), the same as `extract_urls_with_indices`.

    The loop below is that function's own (twitter-text-parser 3, MIT licence), run over the
    matches at the possible starts instead of over `finditer`."""
    if text == "" or "." not in text:
        return []
    urls: list[list[int]] = []
    pos = 0
    for start, reach in url_starts(text):
        at = max(0, start - 1)  # the expression's match opens with the character before the URL
        if at < pos:
            continue
        url_match = extract_url.match(text, at, reach)
        if url_match is None:
            continue
        pos = url_match.end()
        _, before, url, protocol, domain, _, path, _ = url_match.groups()
        end_position = url_match.end()
        start_position = end_position - len(url)
        if not _is_valid_url(url, protocol or default_protocol, domain):
            continue
        if protocol is None:
            if invalid_url_without_protocol_preceding_chars.match(before):
                continue
            last_url = None
            for ascii_domain_match in valid_ascii_domain.finditer(domain):
                last_url = [start_position + ascii_domain_match.start(), start_position + ascii_domain_match.end()]
                urls.append(last_url)
            if last_url is None:
                continue
            if path:
                last_url[1] = end_position
        else:
            tco_url_match = valid_tco_url.search(url)
            if tco_url_match:
                tco_url_slug = tco_url_match.group(1)
                if tco_url_slug and len(tco_url_slug) > max_tco_slug_length:
                    continue
                end_position = start_position + len(tco_url_match.group(0))
            urls.append([start_position, end_position])
    return [(s, e) for s, e in urls]


@lru_cache(maxsize=1024)
def _punycode(domain: str) -> str | None:
    return idna_to_ascii(domain)  # costs tens of microseconds for a domain outside ASCII


def _is_valid_url(url: str, protocol: str, domain: str) -> bool:
    """twitter-text's `is_valid_url`, with the IDNA encoding of each domain cached."""
    encoded = _punycode(domain)
    if not encoded:
        return False
    return len(protocol) + len(url) + len(encoded) - len(domain) <= max_url_length
