"""The spaCy pipeline: blank English with a sentencizer; a trained pipeline only if installed and asked for."""
from __future__ import annotations

import logging
import os
from functools import lru_cache

import spacy

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def get_nlp():
    """LEARNLOOP_SPACY_MODEL names an installed trained pipeline to use instead (optional)."""
    wanted = os.environ.get("LEARNLOOP_SPACY_MODEL")
    if wanted:
        try:
            nlp = spacy.load(wanted, disable=["ner"])
            if "sentencizer" not in nlp.pipe_names and "parser" not in nlp.pipe_names:
                nlp.add_pipe("sentencizer")
            return nlp
        except OSError:
            log.warning("spaCy pipeline %s is not installed; using blank English", wanted)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp
