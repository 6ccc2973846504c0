"""OWL: `kg check` runs HermiT on a cleaned copy of the graph, explains and locates an
inconsistency, checks ontology hygiene and materialises inferred types.
"""
