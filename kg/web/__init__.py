"""The web UI of `kg serve`: pages for people beside the SPARQL Protocol endpoint for tools.

Entity, source, question and SPARQL pages, rendered on the server from the library's own
answers (kg.query.show, kg.query.canned, kg.store.stats): no query logic lives here. The
package is read-only by construction: it answers GET only, imports no module that writes
(an import-linter contract forbids it), and runs every user-given or canned query in the
endpoint's worker processes, under the endpoint's checks and timeout. docs/web.md says more.
"""
