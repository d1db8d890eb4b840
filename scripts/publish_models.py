"""Copy trained detectors (training/<name>/model-best) to a committed models folder.

Usage: python scripts/publish_models.py TRAINING_DIR MODELS_DIR NAME [NAME ...]

Only what `spacy assemble` needs to source a component is kept (config, meta, tokenizer,
vocab, the component's weights), so the committed models stay small.
"""
import shutil
import sys
from pathlib import Path

KEEP = {"config.cfg", "meta.json", "tokenizer", "vocab", "deid_ner"}


def publish(training: Path, models: Path, names) -> None:
    for name in names:
        src = training / name / "model-best"
        if not (src / "config.cfg").is_file():
            sys.exit(f"{src} is not a trained pipeline (no config.cfg); train it first")
        dst = models / name
        if dst.exists():
            shutil.rmtree(dst)
        dst.mkdir(parents=True)
        for item in src.iterdir():
            if item.name in KEEP:
                copy = shutil.copytree if item.is_dir() else shutil.copy2
                copy(item, dst / item.name)
        size = sum(f.stat().st_size for f in dst.rglob("*") if f.is_file())
        print(f"{name}: {size / 1e6:.1f} MB -> {dst}")


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    publish(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:])
