"""RDF text in and out: strict reading with file, line and column on every error; literal checks;
source locations; the canonical Turtle writer and `kg fmt`; how a term reads to people.
"""
