"""The options of `kg` and of `kg query`, declared once, as data.

Two parsers read `kg query` command lines: the click command (kg.cli.query, with the group's
global options from kg.cli.group) and the click-free fast path (kg.cli.fast), which saves the
import of click on every everyday query. Both are built from the Params below, and so is the
help, so an option cannot be added, renamed or re-typed in one parser and forgotten in the
other (tests/cli/test_query_declaration.py checks it). Like httpie's cli/definition.py.

This module imports nothing, because the fast path imports it before anything else: types are
names that each parser maps to its own conversion, and choices that live in a heavy module are
named "module:ATTRIBUTE" and imported only when a value is checked or a click command is built.
"""

from __future__ import annotations


class Param:
    """One option or argument: its names, where its value goes, and how it is given.

    kind is "argument" (a word that is not an option), "flag" (no value), "value" (one word) or
    "pair" (two words); repeatable options collect every occurrence in a tuple. type names the
    conversion: "text", "directory" (not an existing file), "seconds" (a number above 0), "size"
    (bytes, from 2G or 512M: kg.cli.memory.parse_size) or "choice" (one of `choices`).
    fast=False leaves the option to click: the fast path declines a command line that gives it.
    """

    def __init__(self, *names, dest, kind="value", type="text", choices=None, metavar=None, help=None,
                 envvar=None, repeatable=False, fast=True):
        self.names, self.dest, self.kind, self.type = names, dest, kind, type
        self.choices, self.metavar, self.help, self.envvar = choices, metavar, help, envvar
        self.repeatable, self.fast = repeatable, fast

    def choice_values(self) -> tuple:
        """The allowed values, importing the module that defines them only now."""
        if not isinstance(self.choices, str):
            return tuple(self.choices)
        import importlib

        module, attribute = self.choices.split(":")
        return tuple(getattr(importlib.import_module(module), attribute))

    def __repr__(self) -> str:
        return f"Param({', '.join(self.names)} -> {self.dest})"


# ---------------------------------------------------------------- kg's global options

PROJECT = Param(
    "-C", "--project", dest="project_dir", type="directory", envvar="KG_PROJECT",
    help="Project folder (with ontology/, data/, queries/). Default: the current folder or its nearest parent that is one.",
)
MEMORY = Param(
    "--memory", dest="memory", type="size", metavar="SIZE", envvar="KG_MAX_MEMORY",
    help="The most memory a command may use, e.g. 2G or 512M; past it, the command stops with exit 5. "
    "Default: KG_MAX_MEMORY, else 4G (or half the machine's memory if less).",
)
DEBUG = Param("--debug", dest="debug", kind="flag", help="Show Python tracebacks for errors.")
GLOBAL_OPTIONS = (PROJECT, MEMORY, DEBUG)

# ---------------------------------------------------------------- options several commands share

STORE = Param(
    "--store", dest="store_dir", type="directory", envvar="KG_STORE",
    help="On-disk store folder. Default: the project's store in .kg/store, made by the first command that needs it, "
    "reused while the files are unchanged and refreshed (only the changed files) when they change.",
)
NO_STORE = Param(
    "--no-store", dest="no_store", kind="flag", envvar="KG_NO_STORE",
    help="Without --store: read the project's files into memory instead of the project's store (nothing is written).",
)
ENDPOINT = Param(
    "--endpoint", dest="endpoint", metavar="URL", fast=False,
    help="The remote store's base URL: a server root (Oxigraph, kg serve), a Fuseki dataset (…/ds) or a GraphDB "
    "repository (…/repositories/ID). Credentials come only from KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD, "
    "or KG_ENDPOINT_TOKEN.",
)
QUERY_URL = Param(
    "--query-url", dest="query_url", metavar="URL", fast=False,
    help="The SPARQL query URL, when it is not where --endpoint implies.",
)

# ---------------------------------------------------------------- kg query, in the order --help lists them

QUERY_OPTIONS = (
    Param("query", dest="query", kind="argument"),
    Param("-n", "--name", dest="name", help="Run the canned query queries/NAME.rq instead (kg queries lists them)."),
    Param(
        "-p", "--param", dest="params", kind="pair", repeatable=True, metavar="KEY VALUE",
        help="A parameter of the canned query; an entity may be given by IRI, prefixed name or label. Repeatable.",
    ),
    Param(
        "-f", "--format", dest="fmt", type="choice", choices="kg.query.results:FORMAT_CHOICES",
        help="Output format. SELECT/ASK: table, csv, tsv, json, xml, md (default: table on a terminal, tsv in a pipe). "
        "CONSTRUCT/DESCRIBE: turtle (default), nt, jsonld, rdfxml.",
    ),
    Param("--labels", dest="labels", kind="flag", help="In table and md output, show each IRI's rdfs:label where it has one."),
    Param(
        "--timeout", dest="timeout", type="seconds", metavar="SECONDS",
        help="Stop the query after this many seconds, with exit 5. Default: KG_QUERY_TIMEOUT or 30. With --endpoint, "
        "as in kg push: how long the endpoint may take to connect and to answer each read (exit 6); default "
        "KG_ENDPOINT_TIMEOUT or 60.",
    ),
    Param("--ask-exit", dest="ask_exit", kind="flag", help="For ASK queries: exit 0 when the answer is true, 1 when false."),
    Param(
        "--strict", dest="strict", kind="flag",
        help="Exit 2, without running the query, when it names a kg: term the ontology does not declare or a kgr: "
        "entity the graph lacks (without it, such names only get a warning on stderr).",
    ),
    STORE,
    NO_STORE,
    ENDPOINT,  # kg query reads no KG_ENDPOINT, so a query leaves the machine only when asked
    QUERY_URL,
)


def query_request(values: dict, store_on_command_line: bool):
    """The QueryRequest of parsed `kg query` options: the one place either parser builds it.

    `values` maps declared destinations (QueryRequest's fields) to what was given; the rest keep
    QueryRequest's defaults. store_on_command_line: --store was an option, not only KG_STORE.
    """
    from kg.cli.querying import QueryRequest

    return QueryRequest(**values, store_on_command_line=store_on_command_line)
