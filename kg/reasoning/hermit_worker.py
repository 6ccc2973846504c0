"""HermiT through owlready2 on one file (the cleaned N-Triples copy, or an OWL export), in a process of its own.

kg.reasoning.hermit starts `python -m kg.reasoning.hermit_worker COPY JAVA` in a new process group. That keeps
owlready2 out of every other process of the tool, and lets a timeout kill the reasoner as a
whole: owlready2's sync_reasoner_hermit starts Java itself and offers no timeout. The file is the
copy kg.reasoning.cleaned_copy wrote (no owl:imports, no python_module), loaded into a fresh World from
a file object, so owlready2 never resolves an IRI on its own.

The answer is one JSON object on stdout:
  {"consistent": true, "unsatisfiable": [IRI…], "inferred": "<N-Triples>"}
  {"consistent": false}
  {"error": "Java's message"}
where "inferred" holds what owlready2 adds from HermiT's classification and realisation: new
rdf:type triples of individuals (their most specific types) and new rdfs:subClassOf triples.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys

# The ontology owlready2 puts HermiT's conclusions in (`with ontology: sync_reasoner(...)`).
INFERENCES_IRI = "https://w3id.org/geokg/graph/inferred#"
COPY_IRI = "https://w3id.org/geokg/ontology"


def reason(copy_path: str, java: str, fmt: str = "ntriples") -> dict:
    import owlready2

    owlready2.JAVA_EXE = java
    world = owlready2.World()
    with open(copy_path, "rb") as handle:
        world.get_ontology(COPY_IRI).load(fileobj=handle, format=fmt)
    inferences = world.get_ontology(INFERENCES_IRI)
    try:
        with inferences:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return {"consistent": False}
    except owlready2.OwlReadyJavaError as exc:
        return {"error": str(exc).replace("Java error message is:", "").strip()}
    buffer = io.BytesIO()
    inferences.save(buffer, format="ntriples")
    unsatisfiable = sorted(c.iri for c in world.inconsistent_classes() if hasattr(c, "iri"))
    return {"consistent": True, "unsatisfiable": unsatisfiable, "inferred": buffer.getvalue().decode("utf-8")}


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print("usage: python -m kg.reasoning.hermit_worker COPY JAVA [ntriples|rdfxml]", file=sys.stderr)
        return 2
    answer_to = sys.stdout
    with contextlib.redirect_stdout(sys.stderr):  # owlready2 prints; only the answer goes to stdout
        answer = reason(*argv)
    json.dump(answer, answer_to)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
