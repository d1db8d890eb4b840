"""configs/ner_trf.cfg: a deid_ner detector whose tok2vec is the offline MiniLM transformer.

Trains the project's own config for a few steps on tiny notes and checks what en_deid_trf
relies on: the component writes its own span group, survives to_disk/from_disk, and notes
longer than one transformer window (strided spans) are predicted to their end.
"""
import random
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Span
from spacy.training import Example
from thinc.api import Adam
from transformers import AutoTokenizer

from spacy_deid.trf import minilm_path, trf_model_name

CONFIG = Path(__file__).resolve().parents[1] / "configs" / "ner_trf.cfg"
KEY = "deid.ner.trf"
TRAIN = [
    ("Patient John Smith seen today by Dr. Anna Lee .", [(1, 3, "PATIENT"), (7, 9, "DOCTOR")]),
    ("Patient Maria Garcia seen today by Dr. Omar Haddad .", [(1, 3, "PATIENT"), (7, 9, "DOCTOR")]),
    ("Patient Peter Novak seen today by Dr. Lisa Chen .", [(1, 3, "PATIENT"), (7, 9, "DOCTOR")]),
    ("Patient Sara Jones seen today by Dr. Ivan Petrov .", [(1, 3, "PATIENT"), (7, 9, "DOCTOR")]),
]
FILLER = "Vitals stable , afebrile , lungs clear to auscultation bilaterally , no edema . "


def test_default_base_model_is_the_packaged_minilm():
    path = Path(trf_model_name(""))
    assert path == Path(minilm_path()) and (path / "config.json").exists()
    assert trf_model_name("bert-base-cased") == "bert-base-cased"


@pytest.fixture(scope="module")
def trf_nlp():
    spacy.util.fix_random_seed(0)
    config = spacy.util.load_config(CONFIG, overrides={"components.deid_ner.spans_key": KEY})
    return train(spacy.util.load_model_from_config(config, auto_fill=True), steps=50)


def train(nlp, steps):
    """Initialise and train ``nlp`` on the TRAIN sentences for ``steps`` updates."""
    egs = []
    for text, spans in TRAIN:
        ref = nlp.make_doc(text)
        ref.ents = [Span(ref, s, e, label=lab) for s, e, lab in spans]
        egs.append(Example(nlp.make_doc(text), ref))
    optimizer = Adam(5e-4)
    nlp.initialize(lambda: egs, sgd=optimizer)
    for _ in range(steps):
        random.shuffle(egs)
        nlp.update(egs, sgd=optimizer, drop=0.0)
    return nlp


def found(doc):
    return [(s.text, s.label_) for s in doc.spans[KEY]]


def test_writes_its_own_group_and_leaves_ents_alone(trf_nlp):
    doc = trf_nlp("Patient John Smith seen today by Dr. Anna Lee .")
    assert KEY in doc.spans and not doc.ents
    assert ("John Smith", "PATIENT") in found(doc) and ("Anna Lee", "DOCTOR") in found(doc)


def test_long_note_is_predicted_past_the_first_window(trf_nlp):
    last = "Patient Maria Garcia seen today by Dr. Omar Haddad ."
    text = FILLER * 12 + last
    n_pieces = len(AutoTokenizer.from_pretrained(minilm_path())(text)["input_ids"])
    assert n_pieces > 2 * 128  # the window configured in ner_trf.cfg
    doc = trf_nlp(text)
    tail = doc.char_span(len(text) - len(last), len(text))
    past = [(s.text, s.label_) for s in doc.spans[KEY] if s.start >= tail.start]
    assert ("Maria Garcia", "PATIENT") in past and ("Omar Haddad", "DOCTOR") in past


def test_round_trip(trf_nlp, tmp_path):
    texts = ["Patient Sara Jones seen today by Dr. Ivan Petrov .", FILLER * 12 + TRAIN[2][0]]
    before = [found(doc) for doc in trf_nlp.pipe(texts)]
    trf_nlp.to_disk(tmp_path / "m")
    nlp2 = spacy.load(tmp_path / "m")
    pipe = nlp2.get_pipe("deid_ner")
    assert pipe.spans_key == KEY
    assert [found(doc) for doc in nlp2.pipe(texts)] == before


SHARED = """
[nlp]
lang = "en"
pipeline = ["transformer", "deid_ner_names", "deid_ner_doctors"]

[nlp.tokenizer]
@tokenizers = "spacy_deid.clinical_tokenizer.v1"

[components]

[components.transformer]
factory = "transformer"

[components.transformer.model]
@architectures = "spacy-transformers.TransformerModel.v3"
name = "{name}"
tokenizer_config = {{"use_fast": true}}

[components.transformer.model.get_spans]
@span_getters = "spacy-transformers.strided_spans.v1"
window = 128
stride = 96

{heads}
"""
HEAD = """
[components.deid_ner_{n}]
factory = "deid_ner"

[components.deid_ner_{n}.model]
@architectures = "spacy.TransitionBasedParser.v2"
state_type = "ner"
hidden_width = 64
maxout_pieces = 2
use_upper = false

[components.deid_ner_{n}.model.tok2vec]
@architectures = "spacy-transformers.TransformerListener.v1"
grad_factor = 1.0
upstream = "transformer"

[components.deid_ner_{n}.model.tok2vec.pooling]
@layers = "reduce_mean.v1"
"""


def test_two_detectors_share_one_encoder():
    """A transformer component runs once; each deid_ner reads it through a listener on its
    view (ner._share_encoder_output), learns its own labels and writes its own group."""
    spacy.util.fix_random_seed(0)
    text = SHARED.format(name=minilm_path(), heads=HEAD.format(n="names") + HEAD.format(n="doctors"))
    nlp = train(spacy.util.load_model_from_config(spacy.util.load_config_from_str(text),
                                                  auto_fill=True), steps=40)
    doc = nlp("Patient Peter Novak seen today by Dr. Lisa Chen .")
    names = [(s.text, s.label_) for s in doc.spans["deid.ner.names"]]
    doctors = [(s.text, s.label_) for s in doc.spans["deid.ner.doctors"]]
    assert ("Peter Novak", "PATIENT") in names and ("Lisa Chen", "DOCTOR") in doctors
    # Without the encoder's output (the transformer not run) the listener reads zeros: the
    # same head no longer finds the name, so the right answer above came from the encoder.
    blank = nlp.make_doc("Patient Peter Novak seen today by Dr. Lisa Chen .")
    blank = nlp.get_pipe("deid_ner_names")(blank)
    assert ("Peter Novak", "PATIENT") not in [(s.text, s.label_) for s in blank.spans["deid.ner.names"]]
