"""The engine: the project's files in one pyoxigraph store, in memory or on disk; bulk loading,
`kg build` (a store is published only when it conforms), counts, the ontology as Python data.
"""
