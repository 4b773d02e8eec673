"""The trained signal: scored exactly as scikit-learn scores it, and only ever a second opinion."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.signal import DATA, SignalModel, TextSignal

SIGNAL = TextSignal()
MODEL = json.loads(DATA.read_text(encoding="utf-8"))


def test_the_shipped_model_is_valid_and_small():
    SignalModel.model_validate(MODEL)
    assert set(MODEL["categories"]) == {"tone", "conduct"}
    assert DATA.stat().st_size < 1_000_000


def test_a_broken_model_file_is_refused_with_a_reason(tmp_path):
    broken = dict(MODEL, idf=MODEL["idf"][:-1])
    path = tmp_path / "signal.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(ValueError, match="idf and vocabulary differ"):
        TextSignal(path)


@pytest.fixture(scope="module")
def sklearn_fit():
    """The same training as bench/train_signal.py, on the same data, with scikit-learn."""
    pytest.importorskip("sklearn")
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    import train_signal

    vectorizer, models = train_signal.fit(train_signal.training_drafts())
    return vectorizer, models


WORDS = st.sampled_from(sorted(w for w in MODEL["vocabulary"] if " " not in w)[:4000])
TEXTS = st.lists(st.one_of(WORDS, st.text(max_size=8)), min_size=1, max_size=30).map(" ".join)


@given(text=TEXTS)
@settings(max_examples=150, deadline=None)
def test_scores_equal_scikit_learns(text, sklearn_fit):
    vectorizer, models = sklearn_fit
    ours = SIGNAL.scores(text)
    matrix = vectorizer.transform([text])
    for category, model in models.items():
        assert ours[category] == pytest.approx(model.predict_proba(matrix)[0, 1], abs=1e-4)


def test_the_shipped_model_is_what_training_gives(sklearn_fit):
    """rules/data/signal.json is reproducible from the committed data (bench/train_signal.py)."""
    vectorizer, models = sklearn_fit
    assert sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get) == MODEL["vocabulary"]
    for category, model in models.items():
        # a loose tolerance: another scikit-learn release may stop its solver a little differently
        assert model.intercept_[0] == pytest.approx(MODEL["categories"][category]["intercept"], abs=5e-3)


def test_it_flags_what_the_rules_miss_and_says_it_is_a_model(coach):
    # A snipe with none of the stock phrases the tone rules look for.
    text = "Bit rich from someone who never votes. Anyway, the bins go out on Tuesday."
    report = coach.check({"text": text, "in_reply_to": "council never listens", "account": "councillor"})
    assert [f.rule for f in report.findings] == ["tone.signal"]
    signal = report.findings[0]
    assert "trained signal" in signal.source and "No single rule matched" in signal.message
    assert signal.excerpt == text[signal.start:signal.end] == "Bit rich from someone who never votes."
    assert report.verdict == "revise"


def test_it_never_doubles_a_category_the_rules_already_flagged(coach):
    report = coach.check({"text": "You absolute muppet, read the letter.", "in_reply_to": "where is my bin"})
    assert any(f.rule == "tone.insult" for f in report.findings)
    assert not any(f.rule == "tone.signal" for f in report.findings)


@pytest.mark.parametrize("text", [
    "Thanks for letting us know – a crew will be out to fix the light tomorrow.",
    "The library is closed on Monday for training. Sorry for any inconvenience.",
    "Cllr Jones will hold her ward surgery at the Civic Centre on Saturday, 10am to noon.",
    "We're sorry to hear about the flooding. Sandbags are available at the depot on Mill Lane.",
])
def test_it_stays_quiet_on_ordinary_posts(text, coach):
    report = coach.check({"text": text})
    assert not any(f.rule.endswith(".signal") for f in report.findings)


def test_conduct_is_left_to_the_rules_on_a_council_account(coach):
    """A council post featuring a councillor is fine, except in a pre-election period: the words alone
    cannot tell, so the trained signal does not judge conduct for council accounts."""
    text = "Cllr Amy Shah, Cabinet Member for Housing, has opened the new homes on Foundry Lane."
    assert not any(f.category == "conduct" for f in coach.check({"text": text, "account": "council"}).findings)
    flagged = coach.check({"text": text, "account": "council", "pre_election": True})
    assert any(f.rule == "conduct.pre_election" for f in flagged.findings)


def test_the_warmth_guard_is_the_one_tone_mocking_uses():
    """One list of warm words: rules/data/warmth.yml for the signal, the same in the tone pack."""
    import yaml

    from rules.components.signal import WARMTH_DATA
    from rules.packs import load_rules

    warmth = yaml.safe_load(WARMTH_DATA.read_text(encoding="utf-8"))["regex"]
    mocking = next(rule for rule in load_rules() if rule.id == "tone.mocking")
    assert mocking.unless_in_draft == warmth


def test_a_warm_reply_gets_no_tone_flag_from_the_model(coach):
    text = "haha cheers, see you at the litter pick then 👍"
    assert not any(f.category == "tone" for f in coach.check({"text": text, "in_reply_to": "u coming cllr?"}).findings)
