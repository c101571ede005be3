"""The spaCy pipeline: blank English with a sentencizer; a trained pipeline only if installed and asked for."""
from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

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


def parse(texts: Iterable[str]) -> Iterator[Doc]:
    """The Docs nlp.pipe(texts) gives, one per text in order.

    For the blank pipeline (tokenizer and spaCy's Sentencizer, which works doc by doc) each text is
    made into a Doc and handed to the components directly: the same Docs without Language.pipe's
    generator and error-handler layers, about a sixth less CPU. Any other pipeline goes through nlp.pipe,
    whose batching a trained model may rely on."""
    nlp = get_nlp()
    procs = [proc for _, proc in nlp.pipeline]
    if not all(type(proc) is Sentencizer for proc in procs):
        yield from nlp.pipe(texts)
        return
    for text in texts:
        doc = nlp.make_doc(text)
        for proc in procs:
            doc = proc(doc)
        yield doc
