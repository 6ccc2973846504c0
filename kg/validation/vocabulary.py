"""Check that new facts use only terms the ontology defines, and name the closest ones if not.

SHACL is open-world: a misspelt property such as kg:suppliedTo passes every shape and the fact is
silently lost to every query. So every kg: term is looked up, in the role it is used in (property,
class, other term), and an unknown one comes with the nearest existing names.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.namespaces import DCTERMS, KG, OWL, RDF, RDF_TYPE, RDFS, RDFS_LABEL, SKOS_ALT_LABEL, shorten
from kg.store.ontology import Ontology, closest  # noqa: F401  (closest: also kg.validation.vocabulary's)
from kg.findings import Finding
from kg.validation.report import violation, warning

STAGE = "vocabulary"
# Standard properties a facts file may use although the ontology does not declare them.
STANDARD_PROPERTIES = {
    RDF_TYPE, RDFS_LABEL, SKOS_ALT_LABEL, RDFS + "comment", RDFS + "seeAlso", OWL + "sameAs",
    RDF + "first", RDF + "rest", DCTERMS + "source",
}


def check(triples: list, ontology: Ontology) -> list[Finding]:
    problems: list[Finding] = []
    for t in triples:
        problems += _predicate(t, ontology)
        if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            problems += _class(t, ontology)
        elif _is_kg(t.object) and t.object.value not in ontology.declared:
            problems.append(violation(STAGE, t.subject, t.predicate, t.object, _unknown(t.object.value, _others(ontology))))
        if _is_kg(t.subject):
            problems.append(_ontology_subject(t.subject, ontology))
    unique: list[Finding] = []
    for problem in problems:
        if problem not in unique:
            unique.append(problem)
    return unique


def _ontology_subject(subject: ox.NamedNode, ontology: Ontology) -> Finding:
    """New facts describe entities (kgr:) and sources (src:); ontology terms live in the ontology."""
    name = shorten(subject.value)
    if subject.value in ontology.declared:
        return warning(STAGE, subject, None, None,
                       f"{name} is a term of the ontology; statements about it belong in ontology/geokg.ttl")
    return violation(STAGE, subject, None, None,
                     f"{name} is not in the ontology, and a facts file cannot add ontology terms; "
                     "add it to ontology/geokg.ttl, or name the entity in kgr:")


def _predicate(t, ontology: Ontology) -> list[Finding]:
    p = t.predicate.value
    if p in ontology.properties or p in STANDARD_PROPERTIES:
        return []
    if p.startswith(KG):
        if p in ontology.classes:
            message = f"{shorten(p)} is a class, not a property; use it as the object of rdf:type (a)"
        else:
            message = _unknown(p, ontology.properties)
        return [violation(STAGE, t.subject, t.predicate, None, message)]
    if p in ontology.declared:
        return []
    known = ontology.properties | STANDARD_PROPERTIES
    return [warning(STAGE, t.subject, t.predicate, None,
                    _unknown(p, known, what="a property the ontology declares or a standard one"))]


def _class(t, ontology: Ontology) -> list[Finding]:
    cls = t.object.value
    if not cls.startswith(KG) or cls in ontology.classes:
        return []
    if cls in ontology.properties:
        message = f"{shorten(cls)} is a property, not a class"
    else:
        message = _unknown(cls, ontology.classes, what="a class of the ontology")
    return [violation(STAGE, t.subject, t.predicate, t.object, message)]


def _others(ontology: Ontology) -> set[str]:
    return ontology.declared - ontology.properties


def _is_kg(term) -> bool:
    return isinstance(term, ox.NamedNode) and term.value.startswith(KG)


def _unknown(iri: str, candidates: set[str], *, what: str = "in the ontology") -> str:
    """'kg:suppliedTo is not in the ontology; did you mean kg:supplier?'"""
    lead = f"{shorten(iri)} is not {what}"
    close = closest(iri, candidates)
    if not close:
        return f"{lead}, and no term of the ontology has a similar name (see ontology/geokg.ttl)"
    return f"{lead}; did you mean {' or '.join(shorten(c) for c in close)}?"
