"""deid_hf_ner: a local Hugging Face token classifier with sliding-window inference.

The model is a tiny BERT built here (nothing downloaded) whose weights make each sub-word's
label a fixed function of the sub-word alone: position and token-type embeddings are zero,
the encoder layers add nothing (their dense weights are zero, so each layer is a LayerNorm of
its input), and every word embedding is a +/-1 pattern with mean 0 and variance 1, which
LayerNorm leaves as it is. Some vocabulary entries flip one pair of dimensions (a "feature"),
and the classifier reads the features. So the right answer is known for any window cut.
"""
import numpy
import pytest
import spacy

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from spacy_deid.hf_ner import average_windows, decode_bio, hf_spans_key, window_starts  # noqa: E402

HIDDEN = 32
LABELS = ["O", "B-NAME", "I-NAME", "B-DATE", "I-DATE", "B-FOO", "I-FOO"]
# sub-word -> feature index (dimension pair flipped in its embedding)
FEATURES = {"zor": 0, "##bla": 0, "##tt": 1, "kent": 1, "jan": 2, "weak": 3, "foo": 4}
# feature -> {label: logit added}; every label but O starts at -10, O at 0
LOGITS = {
    0: {"B-NAME": 20},             # B-NAME, p ~ 1
    1: {"I-NAME": 20},             # I-NAME
    2: {"B-DATE": 20},             # B-DATE
    3: {"B-NAME": 10.5, "I-NAME": 10.3},  # B-NAME by a little: p = e^.5 / (e^.5 + e^.3 + 1)
    4: {"B-FOO": 20},              # an entity type no map knows
}
WEAK_P = numpy.exp(0.5) / (numpy.exp(0.5) + numpy.exp(0.3) + 1 + 4 * numpy.exp(-10))
FILLER = ["the", "patient", "was", "seen", "on", "ward", "and", "ok", "note", "by", "dr", "."]
VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + FILLER + list(FEATURES) + ["smith"]


def build_model(path):
    vocab_file = path / "vocab.txt"
    vocab_file.write_text("\n".join(VOCAB) + "\n", encoding="utf8")
    tokenizer = transformers.BertTokenizerFast(vocab_file=str(vocab_file), do_lower_case=True)
    config = transformers.BertConfig(
        vocab_size=len(VOCAB), hidden_size=HIDDEN, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=64, max_position_embeddings=32, num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)), label2id={lab: i for i, lab in enumerate(LABELS)},
    )
    torch.manual_seed(0)
    model = transformers.BertForTokenClassification(config)
    neutral = torch.tensor([1.0, -1.0] * (HIDDEN // 2))
    with torch.no_grad():
        for name, param in model.bert.encoder.named_parameters():
            if "LayerNorm" not in name:
                param.zero_()
        model.bert.embeddings.position_embeddings.weight.zero_()
        model.bert.embeddings.token_type_embeddings.weight.zero_()
        emb = model.bert.embeddings.word_embeddings.weight
        for i, token in enumerate(VOCAB):
            emb[i] = neutral
            if token in FEATURES:
                k = FEATURES[token]
                emb[i, 2 * k], emb[i, 2 * k + 1] = -1.0, 1.0
        # logit_j = c_j + sum_k A[j, k] * g_k, where g_k = (x[2k+1] - x[2k] + 2) / 4 is 1 for
        # a flipped pair and 0 for a neutral one.
        weight = model.classifier.weight
        bias = model.classifier.bias
        weight.zero_()
        bias.copy_(torch.tensor([0.0] + [-10.0] * (len(LABELS) - 1)))
        for k, adds in LOGITS.items():
            for label, a in adds.items():
                j = LABELS.index(label)
                weight[j, 2 * k + 1] += a / 4
                weight[j, 2 * k] -= a / 4
                bias[j] += a / 2
    model.eval()
    out = path / "tiny_deid"
    model.save_pretrained(str(out))
    tokenizer.save_pretrained(str(out))
    return str(out)


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    return build_model(tmp_path_factory.mktemp("hf"))


def make_nlp(model_dir, **config):
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_hf_ner", config={"model": model_dir, **config})
    return nlp


def found(doc, key="deid.ner.hf"):
    return [(s.start_char, s.end_char, s.text, s.label_) for s in doc.spans[key]]


def test_window_starts_cover_the_text_with_the_overlap():
    assert window_starts(0, 10, 3) == []
    assert window_starts(5, 10, 3) == [0]
    assert window_starts(24, 10, 3) == [0, 7, 14]
    # the last window ends at the text's end, overlapping more than asked
    assert window_starts(25, 10, 3) == [0, 7, 14, 15]
    for n in range(1, 60):
        starts = window_starts(n, 10, 3)
        covered = set()
        for a, b in zip(starts, starts[1:]):
            assert a + 10 - b >= 3  # neighbours share at least the overlap
        for s in starts:
            covered.update(range(s, min(s + 10, n)))
        assert covered == set(range(n))
    with pytest.raises(ValueError):
        window_starts(30, 10, 10)


def test_overlapping_windows_are_averaged():
    first = numpy.array([[1.0, 0.0], [1.0, 0.0], [0.2, 0.8], [0.6, 0.4]])
    second = numpy.array([[0.4, 0.6], [0.0, 1.0], [1.0, 0.0], [1.0, 0.0]])
    out = average_windows(6, [0, 2], [first, second])
    numpy.testing.assert_allclose(out, [[1, 0], [1, 0], [0.3, 0.7], [0.3, 0.7], [1, 0], [1, 0]])
    with pytest.raises(ValueError):  # a gap is a bug, not a zero
        average_windows(7, [0, 2], [first, second])


def test_bio_decoding_joins_sub_words_and_continuations():
    tags = ["O", "B-NAME", "B-NAME", "I-NAME", "O", "I-DATE", "I-DATE", "B-DATE", "O", "O"]
    scores = [1, 0.9, 0.6, 0.3, 1, 0.8, 0.6, 0.5, 1, 1]
    words = [0, 1, 1, 2, 3, 4, 5, 6, 7, 7]
    ents = decode_bio(tags, scores, words)
    assert [(a, b, t) for a, b, t, _ in ents] == [(1, 4, "NAME"), (5, 7, "DATE"), (7, 8, "DATE")]
    assert ents[0][3] == pytest.approx(0.6)  # mean of 0.9, 0.6, 0.3
    # B- on a word's second sub-word does not split the word; O on it does not cut it short
    ents = decode_bio(["B-NAME", "B-NAME", "O"], [1, 1, 1], [0, 0, 0])
    assert [e[:3] for e in ents] == [(0, 3, "NAME")]
    # BILOU read as BIO: U- begins (and stands alone), L- continues
    bilou = ["U-AGE", "U-AGE", "B-LOCATION-OTHER", "L-LOCATION-OTHER", "O"]
    assert [e[:3] for e in decode_bio(bilou, [1] * 5, [0, 1, 2, 3, 4])] == [
        (0, 1, "AGE"), (1, 2, "AGE"), (2, 4, "LOCATION-OTHER")]


def test_default_group_names():
    assert hf_spans_key("deid_hf_ner") == "deid.ner.hf"
    assert hf_spans_key("deid_hf_ner_biobert") == "deid.ner.hf_biobert"
    assert hf_spans_key("biobert") == "deid.ner.biobert"


def test_entities_after_the_first_window_have_the_right_offsets(model_dir):
    nlp = make_nlp(model_dir, max_length=12, stride=3)  # 10 sub-words per window, step 7
    words = FILLER * 4
    words[25] = "Zorblatt"
    words[38] = "Jan"
    text = " ".join(words)
    doc = nlp(text)
    assert len(nlp.get_pipe("deid_hf_ner").hf[0](text, add_special_tokens=False)["input_ids"]) > 40
    start = text.index("Zorblatt")
    jan = text.index("Jan")
    assert found(doc) == [(start, start + 8, "Zorblatt", "PATIENT"), (jan, jan + 3, "Jan", "DATE")]
    assert doc.spans["deid.ner.hf"][0]._.deid_score > 0.99
    assert not doc.ents


def test_an_entity_across_a_window_boundary_is_found_whole(model_dir):
    # windows of 10 sub-words sharing 3: [0, 10), [7, 17), ... The name covers sub-words 5-14:
    # its start only in the first window, its end only in the second.
    nlp = make_nlp(model_dir, max_length=12, stride=3)
    words = FILLER[:5] + ["Zor"] + ["Kent"] * 9 + FILLER
    text = " ".join(words)
    doc = nlp(text)
    name = " ".join(["Zor"] + ["Kent"] * 9)
    assert found(doc) == [(text.index(name), text.index(name) + len(name), name, "PATIENT")]


def test_multi_subword_words_make_one_span(model_dir):
    doc = make_nlp(model_dir)("patient zorblatt kent was seen")  # zor ##bla ##tt kent
    assert found(doc) == [(8, 21, "zorblatt kent", "PATIENT")]


def test_special_tokens_in_the_text_are_text(model_dir):
    text = "seen [SEP] [CLS] by Zor ."
    doc = make_nlp(model_dir, max_length=6, stride=1)(text)  # windows of 4 sub-words
    assert found(doc) == [(text.index("Zor"), text.index("Zor") + 3, "Zor", "PATIENT")]


def test_label_map_threshold_and_unmapped_types(model_dir):
    text = "seen by Zor on Jan and foo and weak ."
    doc = make_nlp(model_dir)(text)
    # default map: NAME -> PATIENT, DATE -> DATE; FOO unknown (dropped); "weak" under 0.5
    spans = doc.spans["deid.ner.hf"]
    assert [(s.text, s.label_) for s in spans] == [("Zor", "PATIENT"), ("Jan", "DATE")]
    nlp = make_nlp(model_dir, threshold=0.3, label_map={"NAME": "DOCTOR"}, unmapped_label="IDNUM")
    doc = nlp(text)
    spans = doc.spans["deid.ner.hf"]
    assert [(s.text, s.label_) for s in spans] == [
        ("Zor", "DOCTOR"), ("Jan", "IDNUM"), ("foo", "IDNUM"), ("weak", "DOCTOR")]
    assert spans[3]._.deid_score == pytest.approx(WEAK_P, abs=1e-4)
    with pytest.raises(ValueError, match="PERSON"):
        make_nlp(model_dir, label_map={"NAME": "PERSON"})


def test_with_the_voter_the_spans_reach_phi(model_dir):
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_hf_ner", name="deid_hf_ner_tiny", config={"model": model_dir})
    nlp.add_pipe("deid_voter")
    nlp.initialize()
    doc = nlp("Seen by Dr Zorblatt Kent on Jan .")
    assert [(s.text, s.label_, s._.deid_sources) for s in doc.spans["phi"]] == [
        ("Zorblatt Kent", "PATIENT", ("ner.hf_tiny",)), ("Jan", "DATE", ("ner.hf_tiny",))]
    assert doc.spans["phi"][0]._.deid_score > 0.99


def scored(doc):
    spans = doc.spans["deid.ner.hf"]
    return [(s.start_char, s.end_char, s.label_, round(s._.deid_score, 5)) for s in spans]


def test_to_disk_carries_the_model(model_dir, tmp_path):
    nlp = make_nlp(model_dir, max_length=12, stride=3, threshold=0.3)
    text = " ".join(FILLER * 2 + ["Zorblatt", "Kent", "weak", "Jan"] + FILLER)
    before = scored(nlp(text))
    nlp.to_disk(tmp_path / "pipe")
    assert (tmp_path / "pipe" / "deid_hf_ner" / "hf_model" / "config.json").exists()
    # the original folder is not needed any more
    config = {"components": {"deid_hf_ner": {"model": str(tmp_path / "gone")}}}
    loaded = spacy.load(tmp_path / "pipe", config=config)
    after = scored(loaded(text))
    assert after == before and len(before) == 3


def test_empty_text_and_missing_model(model_dir, tmp_path):
    assert len(make_nlp(model_dir)("").spans["deid.ner.hf"]) == 0
    nlp = make_nlp(model_dir, model=str(tmp_path / "nowhere"))
    with pytest.raises(ValueError, match="does not exist"):
        nlp.initialize()
