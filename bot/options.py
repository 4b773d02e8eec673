"""Leading options on a draft: `/checkpost --platform bluesky --account councillor Thanks...`.

Options lead the text, in any order; the first word that is not an option starts the draft, so
a draft that mentions "--platform" halfway through is left alone. Phones and Macs often turn `--` into
an en or em dash, so those are read as `--` too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rules.models import ACCOUNTS, PLATFORMS

from . import wording as w

_OPTION = re.compile(r"^(--|—|–)([A-Za-z][A-Za-z-]*)?(?=[\s=]|$)")
_KNOWN = ("platform", "account", "pre-election", "purdah")
_SPACE = re.compile(r"\s+")


class OptionsError(ValueError):
    """Options the person typed that we cannot use; the message is fit to show them."""


@dataclass(frozen=True)
class Parsed:
    text: str
    context: dict[str, object] = field(default_factory=dict)


def _word(text: str) -> tuple[str, str]:
    """The first whitespace-separated word and what follows it."""
    parts = _SPACE.split(text.lstrip(), maxsplit=1)
    return parts[0], (parts[1] if len(parts) > 1 else "")


def parse_options(text: str) -> Parsed:
    """Split leading options from the draft; raise OptionsError with a polite message."""
    rest = text.lstrip()
    context: dict[str, object] = {}
    while True:
        match = _OPTION.match(rest)
        if not match:
            break
        dash, name = match.group(1), (match.group(2) or "").lower()
        if dash != "--" and name not in _KNOWN:
            break  # a dash that opens the draft's own prose, not an option
        tail = rest[match.end():]
        if name == "":  # a lone "--" ends the options
            rest = tail
            break
        if name in ("pre-election", "purdah"):
            context["pre_election"] = True
            rest = tail.lstrip()  # the next option may follow: any order reads alike
            continue
        if name not in ("platform", "account"):
            raise OptionsError(w.UNKNOWN_OPTION.format(option="--" + name))
        if tail.startswith("="):
            value, rest = _word(tail[1:])
        else:
            value, rest = _word(tail)
            if _OPTION.match(value):  # "--platform --account x": the value is missing
                value, rest = "", tail
        value = value.strip().lower()
        choices = PLATFORMS if name == "platform" else ACCOUNTS
        if not value:
            raise OptionsError(w.OPTION_NEEDS_VALUE.format(option="--" + name, choices=", ".join(choices)))
        if value not in choices:
            raise OptionsError(w.OPTION_BAD_VALUE.format(option="--" + name, value=value[:40],
                                                         choices=", ".join(choices)))
        context[name] = value
        rest = rest.lstrip()
    return Parsed(text=rest.strip(), context=context)
