"""Rule types: one module per type, each saying what it finds and what a pack entry of its type may
set; the rules themselves are data (rules/packs/*.yml). Each type's tests are beside it, in
tests/rules/types/test_<type>.py. The pipeline components that run them are in
rules/components/checks.py.
"""
from . import (capitals, emoji_count, hashtag_case, link_only, personal_data, platform_length,
               repeated_marks, sentence_length, signal)

# The types computed in code, whose rules' words are entries in rules/packs/computed.yml (every
# `type:` but `pattern`, which is the packs' own).
COMPUTED = (personal_data, capitals, repeated_marks, hashtag_case, emoji_count, link_only,
            sentence_length, platform_length, signal)
