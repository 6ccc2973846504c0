"""The project's namespaces and graph names: the only place they are written in code.

Every module that needs an IRI builds it from here, so a namespace can change in one line
and prefixed names print the same way in every command.
"""

from __future__ import annotations

KG = "https://w3id.org/geokg/ontology#"
KGR = "https://w3id.org/geokg/resource/"
SRC = "https://w3id.org/geokg/source/"
GRAPH = "https://w3id.org/geokg/graph/"
KGSH = "https://w3id.org/geokg/shapes#"
ONTOLOGY_IRI = "https://w3id.org/geokg/ontology"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
SH = "http://www.w3.org/ns/shacl#"
VANN = "http://purl.org/vocab/vann/"

# Prefix -> namespace, in the order files print them (sorted by prefix).
PREFIXES: dict[str, str] = dict(
    sorted(
        {
            "dcterms": DCTERMS,
            "kg": KG,
            "kgr": KGR,
            "kgsh": KGSH,
            "owl": OWL,
            "prov": PROV,
            "rdf": RDF,
            "rdfs": RDFS,
            "sh": SH,
            "skos": SKOS,
            "src": SRC,
            "vann": VANN,
            "xsd": XSD,
        }.items()
    )
)

# Named graphs that are not sources. A source's graph is the source's own IRI (src:<slug>).
ONTOLOGY_GRAPH = GRAPH + "ontology"
SHAPES_GRAPH = GRAPH + "shapes"
ENTITIES_GRAPH = GRAPH + "entities"
INFERRED_GRAPH = GRAPH + "inferred"

GRAPH_ROLES: dict[str, str] = {
    "ontology": ONTOLOGY_GRAPH,
    "shapes": SHAPES_GRAPH,
    "entities": ENTITIES_GRAPH,
    "inferred": INFERRED_GRAPH,
}

RDF_TYPE = RDF + "type"
RDFS_LABEL = RDFS + "label"
SKOS_ALT_LABEL = SKOS + "altLabel"


def sparql_prologue() -> str:
    """PREFIX lines for every project prefix, for engines that take no prefix map (remote stores)."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def source_iri(slug: str) -> str:
    return SRC + slug


def shorten(iri: str) -> str:
    """The prefixed name of an IRI when one of the project prefixes fits, else <iri>.

    The longest matching namespace wins, so kgr: is never shadowed by a shorter one.
    """
    best = ""
    best_prefix = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best):
            best, best_prefix = ns, prefix
    if best:
        local = iri[len(best):]
        if is_safe_local_name(local):
            return f"{best_prefix}:{local}"
    return f"<{iri}>"


def expand(name: str) -> str | None:
    """The full IRI of a prefixed name such as kg:State, or None if the prefix is unknown."""
    if ":" not in name or name.startswith("<"):
        return None
    prefix, local = name.split(":", 1)
    ns = PREFIXES.get(prefix)
    return ns + local if ns is not None else None


_LOCAL_EXTRA = set("_-.")


def is_safe_local_name(local: str) -> bool:
    """Whether a local name can be written after a prefix in Turtle and SPARQL without escapes."""
    if not local:
        return True
    if local[-1] == "." or local[0] in "-.":
        return False
    return all(ch.isalnum() or ch in _LOCAL_EXTRA for ch in local) and local.isascii()
