"""The voter: union with provenance, safe sentences, thresholds, merges and type conflicts."""
import pytest
import spacy
from spacy.tokens import Span

from spacy_deid.voter import DEFAULT_PRIORITY


@pytest.fixture
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_voter")
    return nlp


def run(nlp, text, groups, safe=None, **cfg):
    if cfg:
        nlp.remove_pipe("deid_voter")
        nlp.add_pipe("deid_voter", config=cfg)
    doc = nlp.make_doc(text)
    for key, spans in groups.items():
        doc.spans[key] = [Span(doc, s, e, label=lab) for s, e, lab in spans]
    if safe:
        doc.spans["deid.safe"] = [Span(doc, s, e, label="SAFE") for s, e in safe]
    return nlp.get_pipe("deid_voter")(doc)


def triples(doc, key="phi"):
    return [(s.text, s.label_, s._.deid_sources) for s in doc.spans[key]]


def test_one_vote_is_enough_and_sources_are_recorded(nlp):
    doc = run(nlp, "John Smith seen 3/14 by Dr Lee", {
        "deid.patterns": [(3, 4, "DATE")],
        "deid.ner.names": [(0, 2, "PATIENT"), (6, 7, "DOCTOR")],
        "deid.ner.catchall": [(0, 2, "PATIENT")],
    })
    assert triples(doc) == [
        ("John Smith", "PATIENT", ("ner.catchall", "ner.names")),
        ("3/14", "DATE", ("patterns",)),
        ("Lee", "DOCTOR", ("ner.names",)),
    ]
    assert [e.text for e in doc.ents] == ["John Smith", "3/14", "Lee"]


def test_adjacent_and_overlapping_same_type_spans_merge(nlp):
    doc = run(nlp, "John Smith Jones was here", {
        "deid.a": [(0, 1, "PATIENT"), (1, 2, "PATIENT")],
        "deid.b": [(1, 3, "PATIENT")],
    })
    assert triples(doc) == [("John Smith Jones", "PATIENT", ("a", "b"))]


def test_separated_same_type_spans_do_not_merge(nlp):
    doc = run(nlp, "John and Mary", {"deid.a": [(0, 1, "PATIENT"), (2, 3, "PATIENT")]})
    assert [s.text for s in doc.spans["phi"]] == ["John", "Mary"]


def test_claims_in_safe_sentences_are_dropped_except_trusted(nlp):
    text = "Rubella : Yes . Smith called"
    doc = run(nlp, text, {
        "deid.ner.names": [(0, 1, "PATIENT"), (4, 5, "PATIENT")],
        "deid.known": [(2, 3, "PATIENT")],
    }, safe=[(0, 4)])
    assert [(s.text, s.label_) for s in doc.spans["phi"]] == [("Yes", "PATIENT"), ("Smith", "PATIENT")]


def test_safe_group_itself_is_never_a_vote(nlp):
    doc = run(nlp, "Plan : rest", {}, safe=[(0, 3)])
    assert list(doc.spans["phi"]) == []


def test_per_label_threshold(nlp):
    groups = {"deid.a": [(0, 1, "PROFESSION"), (2, 3, "DATE")], "deid.b": [(2, 3, "DATE")]}
    doc = run(nlp, "plumber on Monday", groups, thresholds={"PROFESSION": 2})
    assert [(s.text, s.label_) for s in doc.spans["phi"]] == [("Monday", "DATE")]
    doc = run(nlp, "plumber on Monday", groups, threshold=2)
    assert [s.text for s in doc.spans["phi"]] == ["Monday"]


def test_type_conflict_takes_union_and_most_votes(nlp):
    doc = run(nlp, "Seen at Boston General Hospital today", {
        "deid.a": [(2, 3, "CITY")],
        "deid.b": [(2, 5, "HOSPITAL")],
        "deid.c": [(2, 5, "HOSPITAL")],
    })
    assert triples(doc) == [("Boston General Hospital", "HOSPITAL", ("a", "b", "c"))]


def test_type_conflict_tie_uses_documented_priority(nlp):
    doc = run(nlp, "call 555 1234 now", {"deid.a": [(1, 3, "IDNUM")], "deid.b": [(1, 3, "PHONE")]})
    assert DEFAULT_PRIORITY.index("PHONE") < DEFAULT_PRIORITY.index("IDNUM")
    assert triples(doc) == [("555 1234", "PHONE", ("a", "b"))]


def test_unknown_label_from_a_detector_is_an_error(nlp):
    with pytest.raises(ValueError, match="Unknown PHI label 'PERSON'"):
        run(nlp, "John", {"deid.x": [(0, 1, "PERSON")]})


def test_bad_config_is_rejected():
    nlp = spacy.blank("en")
    with pytest.raises(ValueError, match="threshold must be >= 1"):
        nlp.add_pipe("deid_voter", config={"threshold": 0})
    with pytest.raises(ValueError, match="Unknown PHI label"):
        nlp.add_pipe("deid_voter", name="v2", config={"thresholds": {"NAME": 2}})


def test_scorer_reports_phi_per_type(nlp):
    from spacy.training import Example

    doc = run(nlp, "John seen 3/14", {"deid.a": [(0, 1, "PATIENT"), (2, 3, "DATE")]})
    ref = nlp.make_doc("John seen 3/14")
    ref.spans["phi"] = [Span(ref, 0, 1, label="PATIENT"), Span(ref, 2, 3, label="DOCTOR")]
    scores = nlp.get_pipe("deid_voter").scorer([Example(doc, ref)])
    assert scores["phi_p"] == pytest.approx(0.5)
    assert scores["phi_per_type"]["PATIENT"]["f"] == pytest.approx(1.0)
    assert scores["phi_binary_r"] == pytest.approx(1.0)  # same spans, type ignored


def test_case_blind_claims_against_the_notes_casing_need_another_vote(nlp):
    # "seen" claimed by the lower-cased view alone, in a sentence that uses capitals: dropped
    doc = run(nlp, "Pt seen by Dr Lee", {"deid.ner.names_lower": [(1, 2, "PATIENT"), (4, 5, "DOCTOR")]})
    assert [s.text for s in doc.spans["phi"]] == ["Lee"]
    # the same claim with a second vote stays (shape guards off: they would cut a lower-case
    # word from a name claim in a mixed-case sentence whatever the votes)
    doc = run(nlp, "Pt seen by Dr Lee", {"deid.ner.names_lower": [(1, 2, "PATIENT")],
                                          "deid.ner.catchall": [(1, 2, "PATIENT")]},
              shape_guards=False)
    assert [s.text for s in doc.spans["phi"]] == ["seen"]
    # in an all-lower-case note the case-blind view is what finds names
    doc = run(nlp, "pt seen by dr lee", {"deid.ner.names_lower": [(4, 5, "DOCTOR")]})
    assert [s.text for s in doc.spans["phi"]] == ["lee"]


def test_case_blind_scope_mixed_case_sentences_silences_the_view_where_casing_speaks(nlp):
    groups = {"deid.ner.names_lower": [(1, 2, "PATIENT"), (4, 5, "DOCTOR")]}
    # Shape guards off: they take the title off "Dr Lee" whatever the view did.
    strict = {"case_blind_scope": "mixed_case_sentences", "shape_guards": False}
    default = {"case_blind_scope": "lowercase_claims", "shape_guards": False}  # run() keeps the last config given

    def found(text, claims, **cfg):
        doc = run(nlp, text, claims, **cfg)
        return [s.text for s in doc.spans["phi"]]

    # a capitalised claim in a mixed-case sentence: kept by default, dropped in this scope
    assert found("Pt seen by Dr Lee", groups, **default) == ["Lee"]
    assert found("Pt seen by Dr Lee", groups, **strict) == []
    # another source's claim stands alone: the view neither votes for it nor widens it
    both = {"deid.ner.names_lower": [(3, 5, "DOCTOR")], "deid.ner.names": [(4, 5, "DOCTOR")]}
    assert found("Pt seen by Dr Lee", both, **default) == ["Dr Lee"]
    assert found("Pt seen by Dr Lee", both, **strict) == ["Lee"]
    # an ALL-CAPS or all-lower sentence still lets the view speak
    assert found("PT SEEN BY DR LEE", groups, **strict) == ["SEEN", "LEE"]
    with pytest.raises(ValueError, match="case_blind_scope"):
        run(nlp, "Pt", {}, case_blind_scope="never")


def test_claims_of_function_words_alone_are_dropped(nlp):
    text = "She had the scan . Will May saw Dr. Bill ."
    groups = {
        "deid.ner.places": [(0, 1, "CITY"), (1, 3, "DEPARTMENT"), (1, 2, "DEPARTMENT")],
        "deid.ner.names": [(5, 7, "PATIENT"), (8, 10, "DOCTOR")],
        "deid.known": [(2, 3, "PATIENT")],  # trusted: kept whatever it is
    }
    doc = run(nlp, text, groups, shape_guards=False)
    # "She", "had", "had the" go; a trusted source's "the" stays; given names that are also
    # words ("Will", "May", "Bill") are never in the list
    assert [s.text for s in doc.spans["phi"]] == ["the", "Will May", "Dr. Bill"]
    kept = run(nlp, text, groups, drop_function_words=False, shape_guards=False)
    assert [s.text for s in kept.spans["phi"]] == ["She", "had the", "Will May", "Dr. Bill"]


def test_name_claims_keep_only_name_shaped_tokens(nlp):
    text = "Her daughter Faith and son Grant visited. Faith is hopeful."
    # one detector claims whole clauses: cut to the names, the rest given up
    doc = run(nlp, text, {"deid.ner.names_lower": [(2, 8, "PATIENT"), (8, 12, "DOCTOR")]})
    assert [(s.text, s.label_) for s in doc.spans["phi"]] == [
        ("Faith", "PATIENT"), ("Grant", "PATIENT"), ("Faith", "DOCTOR")]
    # titles and credentials stay outside; inner punctuation and particles stay in
    doc = run(nlp, "Seen by Dr. Ana de la Cruz , MD today", {"deid.ner.names": [(2, 10, "DOCTOR")]})
    assert [s.text for s in doc.spans["phi"]] == ["Ana de la Cruz"]
    # in an all-lower-case note case says nothing: the claim stands as made
    doc = run(nlp, "wife marta at bedside", {"deid.ner.names_lower": [(1, 2, "PATIENT")]})
    assert [s.text for s in doc.spans["phi"]] == ["marta"]


def test_noise_and_shapeless_claims_are_dropped(nlp):
    text = "zzzzzzzz ? Spoke at 1400 with Ana , call 5550199"
    groups = {"deid.ner.catchall": [(0, 1, "PROFESSION"), (1, 2, "DOCTOR"), (2, 3, "IPADDR"),
                                    (4, 5, "PHONE"), (9, 10, "PHONE")]}
    doc = run(nlp, text, groups)
    assert [s.text for s in doc.spans["phi"]] == ["5550199"]
    # a rule's short number stands ("ext 4410" from the patterns)
    doc = run(nlp, "ext 4410", {"deid.patterns": [(1, 2, "PHONE")]})
    assert [s.text for s in doc.spans["phi"]] == ["4410"]
    # with the guards off every claim stands
    doc = run(nlp, text, groups, shape_guards=False)
    assert len(doc.spans["phi"]) == 5


def test_claims_of_plain_words_need_a_second_source_or_a_rule(nlp):
    text = "Guidelines suggest annual review. Referred to Growth clinic."
    one = {"deid.ner.places": [(0, 1, "HOSPITAL"), (5, 6, "PATIENT"), (7, 8, "HOSPITAL")]}
    doc = run(nlp, text, one)
    assert list(doc.spans["phi"]) == []
    two = {**one, "deid.ner.catchall": [(7, 8, "HOSPITAL")]}
    doc = run(nlp, text, two)
    assert [s.text for s in doc.spans["phi"]] == ["Growth"]
    rule = {**one, "deid.patterns": [(5, 6, "PATIENT")]}
    doc = run(nlp, text, rule)
    assert [s.text for s in doc.spans["phi"]] == ["Referred"]
    # names that are also words are not plain words; a plain word after a relation word is a name
    doc = run(nlp, "Spoke with Faith today. His son Young called.",
              {"deid.ner.names": [(2, 3, "PATIENT"), (7, 8, "PATIENT")]})
    assert [s.text for s in doc.spans["phi"]] == ["Faith", "Young"]
    doc = run(nlp, "Her sister Summer called.", {"deid.ner.names": [(2, 3, "PATIENT")]})
    assert [s.text for s in doc.spans["phi"]] == ["Summer"]


def test_name_claims_lose_titles_credentials_and_trailing_words_whoever_made_them(nlp):
    text = "Per Howard Mercer MBBS today. PHYS: JAIMES TO EVALUATE now. SMITH, WILL CCRN here."
    doc = run(nlp, text, {"deid.patterns": [(0, 4, "DOCTOR"), (8, 11, "DOCTOR"), (13, 17, "PATIENT")]})
    assert [s.text for s in doc.spans["phi"]] == ["Howard Mercer", "JAIMES", "SMITH, WILL"]
    # a known (trusted) value is kept as given
    doc = run(nlp, text, {"deid.known": [(0, 4, "DOCTOR")]})
    assert [s.text for s in doc.spans["phi"]] == ["Per Howard Mercer MBBS"]


def test_drug_and_procedure_words_claimed_by_one_model_are_plain(nlp):
    from spacy_deid.guards import clinical_word

    assert clinical_word("Enoxaparin") and clinical_word("Hemodialysis") and clinical_word("Lisinopril")
    assert not clinical_word("Okafor") and not clinical_word("Christine")  # a listed name stays a name
    text = "Started Enoxaparin today. Hemodialysis Tuesday. Seen by Okafor."
    doc = run(nlp, text, {"deid.ner.names": [(1, 2, "PATIENT"), (4, 5, "DOCTOR"), (9, 10, "DOCTOR")]})
    assert [s.text for s in doc.spans["phi"]] == ["Okafor"]
