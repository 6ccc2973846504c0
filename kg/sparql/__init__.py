"""The SPARQL language before any engine runs it: a tokenizer, what a query may do (read-only,
no network, bounded nesting), and syntax messages that point at the line and column.
"""
