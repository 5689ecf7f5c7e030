"""A question read into its parts, and the learned weights it is answered with."""

import json

import numpy as np

from osnqa.analysis import analyse, split_facets
from osnqa.features import ANSWER_FEATURES, answer_type_present
from osnqa.ranker import WEIGHTS_PATH, Weights, fit_logistic, load
from osnqa.quantities import quantities
from osnqa.verify import _period_conflict, _rival_names


def test_compound_question_splits_into_parts_with_their_kinds():
    q = analyse("Hur mycket kostade ombyggnaden av simhallen 2024, och varför blev den dyrare än planerat?", [2024])
    assert [f.kind for f in q.facets] == ["amount", "cause"]
    assert q.years == [2024]
    parts = split_facets("Vad beslutade nämnden om biblioteket, på vems yrkande, och vad ville oppositionen i stället?")
    assert len(parts) == 3 and parts[1].startswith("på vems")


def test_a_yes_or_no_part_after_a_comma_and_och_is_a_part_of_its_own():
    assert split_facets("Hur många tjänster har nämnden, och finns det administratörer ute i verksamheterna?") == \
        ["Hur många tjänster har nämnden", "finns det administratörer ute i verksamheterna"]
    q = analyse("Hur stor blev kostnaden för bygget? Har nämnden godkänt den?", [])
    assert len(q.facets) == 2 and q.facets[1].yesno
    # a verb inside one part opens nothing
    assert len(split_facets("Hur många platser finns det och hur många har fått plats?")) == 2
    assert len(split_facets("Vilka nämnder har fått rekommendationer och är de genomförda?")) == 1


def test_an_organisation_part_wants_each_kind_of_body_it_asks_for_named():
    q = analyse("Vilka nämnder och bolag ingick i granskningen av va-taxan?", [])
    assert q.facets[0].kind == "organisation" and q.facets[0].bodies == ("nämnd", "bolag")
    both = "Granskningen omfattade kretslopp och vattennämnden, Gryaab AB och kommunstyrelsen."
    one = "Kretslopp och vattennämnden ansvarar för förslaget till taxa."
    assert answer_type_present("organisation", both, q.facets[0].bodies) == 1.0
    assert answer_type_present("organisation", one, q.facets[0].bodies) == 0.5
    assert answer_type_present("organisation", one) == 0.5  # any body, without a kind asked
    assert analyse("Vilka enheter slogs ihop?", []).facets[0].bodies == ()


def test_a_framing_lead_in_is_not_a_part_and_when_inside_is_no_date_question():
    q = analyse("I revisionens granskning av parkförvaltningen: vilka nämnder granskades när revisorerna besökte dem?", [])
    assert len(q.facets) == 1
    assert q.facets[0].kind == "organisation"


def test_yes_no_question_wants_a_decision():
    q = analyse("Beslutade fullmäktige att sälja fastigheten Ekudden 3?", [])
    assert q.facets[0].yesno and q.facets[0].kind == "decision"


def test_answer_types_are_recognised_in_text():
    assert answer_type_present("amount", "Kostnaden blev 4,2 miljoner kronor.") == 1.0
    assert answer_type_present("person", "Anna Berg (S) yrkade bifall.") == 1.0
    assert answer_type_present("date", "Beslutet fattades den 4 mars 2022.") == 1.0
    assert answer_type_present("cause", "Det beror på höga energipriser.") == 1.0
    assert answer_type_present("cause", "Simhallen har öppet alla dagar.") == 0.0


def test_number_words_count_things_but_fractions_are_shares():
    values = [(q.value, q.unit) for q in quantities("Underskottet ska jämnas ut inom tre år och nio utförare hade brister.")]
    assert (3.0, "") in values and (9.0, "") in values
    assert [q.value for q in quantities("LSS står för tre fjärdedelar av budgeten.")] == [75.0]


def test_a_figure_per_day_is_not_a_figure_per_week():
    assert _period_conflict("fler än 300 besökare per dag", "fler än 300 besökare i veckan")
    assert _period_conflict("300 besökare per dag", "300 besökare per dag") is None


def test_a_rival_name_stands_in_the_same_place():
    rivals = _rival_names("Socialnämnden Väster har ett eget team.", "Socialnämnden Öster har ett eget team.", {"Väster"})
    assert rivals == {"Väster": "Öster"}
    assert _rival_names("Socialnämnden Väster har ett eget team.", "Budget och Prognos per månad.", {"Väster"}) == {}


def test_logistic_fit_learns_a_separable_rule_and_round_trips(tmp_path):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, len(ANSWER_FEATURES)))
    y = (x[:, 1] - x[:, 2] > 0).astype(float)
    model = fit_logistic(x, y, ANSWER_FEATURES, l2=1.0)
    p = model.probability(x)
    assert ((p > 0.5) == (y > 0.5)).mean() > 0.95
    w = Weights(model, 0.3, ["a", "b"], {})
    w.save(tmp_path / "w.json")
    again = Weights.from_dict(json.loads((tmp_path / "w.json").read_text(encoding="utf-8")))
    assert np.allclose(again.answer.probability(x), p)


def test_shipped_weights_match_the_features_and_say_how_they_were_fitted():
    w = load(str(WEIGHTS_PATH))
    assert w.answer.names == ANSWER_FEATURES
    assert 0.0 < w.abstain_below < 1.0
    assert len(w.fitted_on) >= 2
    assert set(w.report["leave_one_family_out"]) == set(w.fitted_on)


def test_a_cause_is_asked_without_varfor_too():
    from osnqa.question import CAUSAL_RE, kind
    assert kind("Vad har enligt granskningen av skolorna gjort det förebyggande arbetet sämre?") == "reason"
    assert kind("Vad har lett till de ökade kostnaderna?") == "reason"
    assert kind("Vad gjorde museet åt underskottet?") != "reason"
    assert CAUSAL_RE.search("Färre vuxna och större klasser har försämrat tryggheten.")
    # "mainly" states no cause of its own; "beror i huvudsak på" does
    assert not CAUSAL_RE.search("Arbetet med trygghet följs i huvudsak upp på ett systematiskt sätt.")
    assert not CAUSAL_RE.search("Granskningen omfattar främst grundskolenämnden.")
    assert CAUSAL_RE.search("Avvikelsen beror i huvudsak på lägre personalkostnader.")
    assert CAUSAL_RE.search("Överskottet förklaras främst av vakanser.")


def test_the_one_reading_holds_the_kind_of_the_whole_question():
    from osnqa.analysis import analyse
    assert analyse("Varför gick museet med underskott 2025?", [2025]).kind == "reason"
    assert analyse("Hur mycket kostade bygget?", [2025]).kind == "amount"


def test_only_says_how_a_question_is_asked():
    from osnqa.question import content_terms
    assert not {"bar", "bara", "endast", "enbart"} & set(content_terms("Vilken rekommendation riktas bara till nämnden?"))
    assert not {"endast", "enbart"} & set(content_terms("Vilka nämnder granskades endast eller enbart?"))
    assert content_terms("Vilka rekommendationer gav revisorerna?") == content_terms("Vilka rekommendationer har revisorerna?")
