"""Type `signal` (rules/types/signal.py, the model in rules/signal.py): `tone.signal` and
`conduct.signal`, scored exactly as scikit-learn scores them, and only ever a second opinion."""
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


def test_the_terms_of_its_training_data_ship_beside_it():
    """ToxiChat is CC BY-SA 4.0: the weights trained on it carry its terms, stated beside them."""
    terms = (DATA.parent / "signal.LICENSE.md").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in terms and "ToxiChat" in terms and "Davidson" in terms


def test_a_broken_model_file_is_refused_with_a_reason(tmp_path):
    broken = dict(MODEL, idf=MODEL["idf"][:-1])
    path = tmp_path / "signal.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(ValueError, match="idf and vocabulary differ"):
        TextSignal(path)


@pytest.fixture(scope="module")
def sklearn_model():
    """scikit-learn's own vectorizer and classifiers holding the shipped weights (nothing is
    trained: the vocabulary, idf and weights are set from rules/data/signal.json)."""
    pytest.importorskip("sklearn")
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from rules.signal import normalise

    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=False,
                                 token_pattern=MODEL["token_pattern"], preprocessor=normalise,
                                 vocabulary=MODEL["vocabulary"])
    vectorizer.idf_ = np.array(MODEL["idf"])
    models = {}
    for category, weights in MODEL["categories"].items():
        model = LogisticRegression()
        model.coef_ = np.array([weights["coef"]])
        model.intercept_ = np.array([weights["intercept"]])
        model.classes_ = np.array([False, True])
        models[category] = model
    return vectorizer, models


WORDS = st.sampled_from(sorted(w for w in MODEL["vocabulary"] if " " not in w)[:4000])
TEXTS = st.lists(st.one_of(WORDS, st.text(max_size=8), st.sampled_from(["@USER", "#", "https://t.co/x", "12"])),
                 min_size=1, max_size=30).map(" ".join)


@given(text=TEXTS)
@settings(max_examples=150, deadline=None)
def test_scores_equal_scikit_learns(text, sklearn_model):
    vectorizer, models = sklearn_model
    ours = SIGNAL.scores(text)
    if SIGNAL._prepared(text) is None:  # too short or not mainly English: the signal abstains
        assert set(ours.values()) == {0.0}
        return
    matrix = vectorizer.transform([text])
    for category, model in models.items():
        assert ours[category] == pytest.approx(model.predict_proba(matrix)[0, 1], abs=1e-6)


@pytest.mark.parametrize("text, normalised", [
    ("@USER you're wrong", "you're wrong"),
    ("RT @council_bins: Bins out https://t.co/AbC123 #Recycling", "bins out recycling"),
    ("see URL for 12 tips", "see for tips"),
    ("Sooooo good &amp; quick", "soo good quick"),
])
def test_what_must_not_carry_meaning_is_taken_out(text, normalised):
    assert SIGNAL.tokens(text) == normalised.split()


def test_it_abstains_on_text_that_is_not_mainly_english():
    welsh = "Diolch yn fawr iawn i bawb a ddaeth i'r digwyddiad heddiw yn y ganolfan gymunedol"
    assert not SIGNAL.is_english(SIGNAL.tokens(welsh))
    assert set(SIGNAL.scores(welsh).values()) == {0.0}
    assert SIGNAL.is_english(SIGNAL.tokens("Thanks to everyone who came to the event at the community centre today"))


def test_a_signal_finding_names_the_words_that_drove_it(coach):
    """No rule matches this snipe, so the trained signal speaks, and says why: it points at the
    words behind the score, names them, and suggests what to write instead."""
    text = "You clearly have no clue what you're on about, stop embarrassing yourself"
    report = coach.check({"text": text, "in_reply_to": "council never listens"})
    signals = [f for f in report.findings if f.rule == "tone.signal"]
    assert signals and all(f.rule == "tone.signal" for f in report.findings if f.category == "tone")
    finding = signals[0]
    assert "trained signal" in finding.source
    assert finding.excerpt == text[finding.start:finding.end] and finding.excerpt != text
    named = SIGNAL.telling(text, "tone")
    assert named and all(f"‘{word}’" in finding.message.lower() for word in named)
    assert all(word in finding.excerpt.lower() for word in named)
    assert "take out" in finding.suggestion and named[0] in finding.suggestion.lower()
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


# Posts that name who people are, warmly. A model trained on abusive text can learn identity words
# as hostile (the NB-weighted model tried in bench/nb_signal.py did); the coach must not.
IDENTITY_POSTS = [
    "We are proud to mark Black History Month with events at every library this October.",
    "Join us at the town hall to celebrate International Women's Day and the women who built our borough.",
    "Our Muslim and Jewish communities came together for an interfaith dinner last night. Thank you all.",
    "Pride is back this weekend! Come and join the gay, lesbian and trans residents marching through the centre.",
    "Disabled residents can ask for a blue badge online or at any library.",
    "We thank every woman in our workforce for their hard work and dedication.",
    "A young Black Muslim woman joined our apprenticeship scheme last year and now leads a team.",
    "Gypsy and Traveller History Month starts today: read about our local Romany families.",
    "Councillor Patel met Sikh and Hindu faith leaders to talk about the new community centre.",
    "Refugees and asylum seekers are welcome in our city, and our advice service can help.",
    "Asian-owned businesses on the high street can apply for the new grant.",
    "Trans people have the right to use our services without harassment.",
]


@pytest.mark.parametrize("account", ["council", "councillor"])
@pytest.mark.parametrize("text", IDENTITY_POSTS)
def test_identity_words_alone_are_never_hostile(text, account, coach):
    report = coach.check({"text": text, "account": account})
    assert [f.rule for f in report.findings if f.severity != "info"] == []


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

    from rules.types.signal import WARMTH_DATA
    from rules.packs import load_rules

    warmth = yaml.safe_load(WARMTH_DATA.read_text(encoding="utf-8"))["regex"]
    mocking = next(rule for rule in load_rules() if rule.id == "tone.mocking")
    assert mocking.unless_in_draft == warmth


def test_love_it_when_is_not_warmth():
    """"Love it!" is warm; "I love it when the bins are missed" is the commonest shape of sarcasm,
    so it must not switch the signal's or tone.mocking's warmth guard on."""
    import re

    from rules.types.signal import warmth_source

    warm = re.compile(warmth_source(), re.I)
    assert warm.search("Love it, see you on Saturday")
    assert warm.search("love it! what a turnout")
    assert not warm.search("Love it when the bus doesn't turn up")
    assert not warm.search("Don't you just love it how nobody reads the sign")


def test_a_warm_reply_gets_no_tone_flag_from_the_model(coach):
    text = "haha cheers, see you at the litter pick then 👍"
    assert not any(f.category == "tone" for f in coach.check({"text": text, "in_reply_to": "u coming cllr?"}).findings)


def test_the_conduct_signal_catches_what_no_conduct_rule_does():
    """With the confidentiality rules switched off by a team that asks the signal to speak in their
    place, the trained conduct signal still catches a councillor leaking a confidential report,
    and names the words behind it."""
    from rules import Coach
    from rules.policy import Policy

    coach = Coach()
    policy = Policy(disabled_rules=frozenset({"conduct.confidential", "conduct.leak_hint"}),
                    signal_where_disabled=True)
    text = "Between us, the confidential report says the depot will close, keep it quiet"
    report = coach.check({"text": text, "account": "councillor"}, policy)
    conduct = [f for f in report.findings if f.category == "conduct"]
    assert [f.rule for f in conduct] == ["conduct.signal"]
    assert "Code of Conduct" in conduct[0].message and "‘" in conduct[0].message
    # without the team's say-so, a rule switched off does not bring the signal in on its words
    silent = coach.check({"text": text, "account": "councillor"}, policy.model_copy(
        update={"signal_where_disabled": False}))
    assert not any(f.category == "conduct" for f in silent.findings)
    # the near miss: the same councillor's ordinary update
    quiet = coach.check({"text": "The depot on Mill Lane is open as usual this week, 8am to 6pm.",
                         "account": "councillor"}, policy)
    assert not any(f.rule == "conduct.signal" for f in quiet.findings)


def test_names_carry_no_tone():
    """Names the training texts nearly always capitalise are left out before words are counted,
    so a name a US tweet happened to mention cannot tip a score."""
    assert {"james", "trump", "boris"} <= SIGNAL.names
    assert SIGNAL.tokens("Wishing you well James, and Boris too") == SIGNAL.tokens("Wishing you well, and too")
    assert SIGNAL.scores("Get well soon James, thinking of you") == SIGNAL.scores("Get well soon, thinking of you")


@pytest.mark.parametrize("text, tokens", [
    ("a" * 40_000 + ".com/", []), ("1" * 40_000 + " abc", ["abc"]), ("@" * 40_000, []), ("#" * 40_000, []),
    ("@ab" * 13_000 + " hello", ["hello"]),
])
def test_hostile_text_is_normalised_like_any_other(text, tokens):
    """Long hostile runs come out as ordinary text does: a link of any length taken out, digits and
    handles taken out, marks ignored (the expressions never backtrack over a run; bench/adversarial.py
    times hostile input)."""
    assert SIGNAL.tokens(text) == tokens
