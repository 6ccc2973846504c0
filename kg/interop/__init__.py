"""The graph for other tools and stores: `kg export` (RDF formats, GraphML), remote SPARQL
endpoints (`kg push`, `kg query --endpoint`) and `kg serve`.
"""
