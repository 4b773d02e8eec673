"""Every rule type is one module in rules/types/, with its tests here in test_<type>.py, and its
module says what a pack entry of its type may set."""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import get_args

from rules import types
from rules.packs import RuleType, load_registry

HERE = Path(__file__).resolve().parent


def test_each_rule_type_has_its_module_and_its_tests():
    for name in get_args(RuleType):
        module = importlib.import_module(f"rules.types.{name}")
        assert f"Type `{name}`" in (module.__doc__ or ""), name
        assert "pack entry" in module.__doc__, name
        assert (HERE / f"test_{name}.py").is_file(), name


def test_each_computed_type_names_every_rule_of_its_type_in_the_registry():
    registry = load_registry()
    for module in types.COMPUTED:
        name = module.__name__.rsplit(".", 1)[1]
        assert {ref.type for ref in module.RULES} == {name}
        assert {ref.id for ref in module.RULES} == {rule.id for rule in registry.of_type(name)}
    assert {m.__name__.rsplit(".", 1)[1] for m in types.COMPUTED} == set(get_args(RuleType)) - {"pattern"}
