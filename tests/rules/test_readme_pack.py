"""The README's example rule pack loads and does what the README says it does."""
from __future__ import annotations

import re

from rules import Coach
from tests.conftest import ROOT


def test_readme_example_pack(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n# our-rules/local.yml\n(.*?)```", readme, re.S).group(1)
    (tmp_path / "local.yml").write_text(block, encoding="utf-8")
    coach = Coach([tmp_path])
    report = coach.check({"text": "Great turnout at the Northgate ward litter pick! #VoteGreen"})
    rules = {f.rule for f in report.findings}
    assert {"house.ward_names", "house.no_hashtag_campaign"} <= rules
    assert report.suggested_text == "Great turnout at the St Mary's and Northgate ward litter pick!"
    councillor = coach.check({"text": "Out and about today #VoteGreen", "account": "councillor"})
    assert "house.no_hashtag_campaign" not in {f.rule for f in councillor.findings}


def test_readme_switches_pack(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n# our-rules/switches.yml\n(.*?)```", readme, re.S).group(1)
    (tmp_path / "switches.yml").write_text(block, encoding="utf-8")
    coach = Coach([tmp_path])
    report = coach.check({"text": "We did NOT close it. I live at SW1A 1AA"})
    assert "tone.shouting" not in {f.rule for f in report.findings}
    assert [f.severity for f in report.findings if f.rule == "dm.postcode"] == ["warn"]
