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
    nlp = spacy.util.load_model_from_config(config, auto_fill=True)
    egs = []
    for text, spans in TRAIN:
        ref = nlp.make_doc(text)
        ref.ents = [Span(ref, s, e, label=lab) for s, e, lab in spans]
        egs.append(Example(nlp.make_doc(text), ref))
    optimizer = Adam(5e-4)
    nlp.initialize(lambda: egs, sgd=optimizer)
    for _ in range(50):
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
