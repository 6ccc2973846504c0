"""The SPARQL constructs a bound parameter is tried in, and the value bound (shared by the canned-query
and the remote-query tests)."""

from __future__ import annotations

import pyoxigraph as ox

KG = "https://w3id.org/geokg/ontology#"
KGR = "https://w3id.org/geokg/resource/"
XSD = "http://www.w3.org/2001/XMLSchema#"
SUBSTITUTED = {
    "FILTER": "SELECT ?e ?v WHERE { ?e kg:weapon ?w FILTER(?w = ?v) }",
    "FILTER over a function": "SELECT ?e ?v WHERE { ?e rdfs:label ?l FILTER(CONTAINS(LCASE(STR(?l)), LCASE(STR(?v)))) }",
    "triple pattern": "SELECT ?e ?v WHERE { ?e kg:weapon ?v }",
    "OPTIONAL": "SELECT ?e ?x ?v WHERE { ?e a kg:ArmsRefusal OPTIONAL { ?x kg:weapon ?v ; a kg:ArmsPurchase } }",
    "FILTER inside OPTIONAL": "SELECT ?e ?w ?v WHERE { ?e kg:date ?d OPTIONAL { ?e kg:weapon ?w FILTER(?w = ?v) } }",
    "FILTER EXISTS": "SELECT ?e ?v WHERE { ?e kg:date ?d FILTER EXISTS { ?e kg:weapon ?v } }",
    "FILTER NOT EXISTS": "SELECT ?e ?v WHERE { ?e kg:date ?d FILTER NOT EXISTS { ?e kg:weapon ?v } }",
    "MINUS": "SELECT ?e ?v WHERE { ?e kg:date ?d MINUS { ?e kg:weapon ?v } }",
    "UNION": "SELECT ?e ?v WHERE { { ?e kg:weapon ?v } UNION { ?v kg:countryOfOrigin ?e } }",
    "GRAPH": "SELECT ?g ?e ?v WHERE { GRAPH ?g { ?e kg:weapon ?v } }",
    "property path": "SELECT ?o ?v WHERE { ?v kg:category/rdfs:label ?o }",
    "BIND over a function": "SELECT ?e ?s ?v WHERE { ?e kg:weapon ?w BIND(STR(?v) AS ?s) }",
    "COALESCE": "SELECT ?e ?s ?v WHERE { ?e kg:weapon ?w BIND(COALESCE(?v, ?w) AS ?s) }",
    "subquery that projects it": "SELECT ?e ?v WHERE { { SELECT ?e ?v WHERE { ?e kg:weapon ?v } } }",
    "GROUP BY": "SELECT ?v (COUNT(?e) AS ?n) WHERE { ?e kg:weapon ?v } GROUP BY ?v",
}
VALUE = ox.NamedNode(KGR + "Trident-9")


def rows(result) -> list:
    names = [v.value for v in result.variables if v.value != "v"]
    return sorted(tuple(str(s[n]) for n in names) for s in result)
