"""Canned questions: SPARQL files under queries/ whose header says what they ask and take.

Each file opens with a header (DESIGN.md §6) that this module parses and checks:

    # title: Which actors sought, bought or were refused a given weapon system?
    # description: Arms transfer events about ?weapon, with supplier, recipient and source.
    # param: weapon kg:WeaponSystem the weapon system, e.g. S-400
    # returns: event kind supplier recipient date source

`param` is `NAME TYPE DESCRIPTION, e.g. EXAMPLE` (a required parameter; the tests run the
example) or `NAME TYPE DESCRIPTION, default VALUE` (used when -p NAME is not given). TYPE is
IRI, string, date (YYYY, YYYY-MM or YYYY-MM-DD, typed xsd:gYear/gYearMonth/date), integer, or a
class such as kg:State: an IRI that must name an instance of it, given as an IRI, a prefixed
name or a label. Values are bound as typed terms with pyoxigraph's `substitutions=` (SEP-0007),
never pasted into the text. pyoxigraph binds only variables that the outermost SELECT projects,
so a SELECT lists its parameters in its projection (kg hides those columns: the user knows them),
and `BIND(?param AS ?x)` is refused because pyoxigraph leaves ?x unbound there (BIND(STR(?param)
AS ?x) and every other use work; tests/query/test_canned.py pins this down).

A remote endpoint (kg query --endpoint) takes no substitutions: there the same terms open the
WHERE group as a VALUES block (kg.query.portable.with_values). So that both bindings give the same
rows, a parameter may be used in a FILTER or BIND only where that block reaches: in the WHERE
group itself, in the FILTER of an OPTIONAL directly in it, or inside EXISTS there
(kg.sparql.lexer.expression_uses_out_of_reach; tests/interop/test_remote_query.py shows the difference).
The local store gets that VALUES block too, beside the substitutions: pyoxigraph's planner sees
the block (it plans a substituted variable as free), its evaluation uses the substitutions; a
question that uses a parameter inside a sub-select, where the block does not reach, gets the
substitutions alone (kg.query.run.LocalEngine.raw).
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from kg.rdf import literals
from kg.errors import InputError, KgError, NotFound, UsageError
from kg.namespaces import XSD, expand, shorten
from kg.records import record
from kg.sparql.lexer import LexError, body_variables, expression_uses_out_of_reach, projected_variables, query_form, tokenize

SIMPLE_TYPES = ("IRI", "string", "date", "integer")
_FIELD = re.compile(r"^#\s*(?P<key>[a-z]+):\s*(?P<value>.*?)\s*$")
_PARAM = (  # compiled by `re` on first use: a question without parameters never needs it
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<type>\S+)\s+(?P<description>.*?)"
    r"(?:,\s*e\.g\.\s+(?P<example>.+?))?(?:,\s*default\s+(?P<default>.+?))?$"
)
_DATE_TYPES = {4: "gYear", 7: "gYearMonth", 10: "date"}


@record
class Param:
    name: str
    type: str  # IRI | string | date | integer | a class IRI
    description: str
    example: str
    default: str | None = None

    @property
    def type_shown(self) -> str:
        return self.type if self.type in SIMPLE_TYPES else shorten(self.type)


@record
class CannedQuery:
    name: str
    path: Path
    title: str
    description: str
    returns: tuple[str, ...]
    text: str
    form: str
    params: tuple[Param, ...] = ()
    every_graph: bool = False  # '# graphs: all': GRAPH ranges over the inferred graph too (kg.query.run.PreparedQuery)

    def example_args(self) -> dict[str, str]:
        return {p.name: p.example for p in self.params}


def list_queries(queries_dir: Path) -> list[CannedQuery]:
    """Every queries/*.rq, parsed and checked, sorted by name."""
    if not queries_dir.is_dir():
        return []
    return [parse_file(path) for path in sorted(queries_dir.glob("*.rq"))]


def load_query(queries_dir: Path, name: str) -> CannedQuery:
    path = queries_dir / f"{name}.rq"
    if "/" in name or not path.is_file():
        import difflib

        known = sorted(p.stem for p in queries_dir.glob("*.rq")) if queries_dir.is_dir() else []
        close = difflib.get_close_matches(name, known, n=3)
        hint = f"did you mean {', '.join(close)}?" if close else "kg queries lists them"
        raise NotFound(f"no canned query named {name!r}", hint=hint)
    return parse_file(path)


def parse_file(path: Path) -> CannedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", path=str(path)) from None
    fields, params = _read_header(text, path)
    for key in ("title", "description", "returns"):
        if key not in fields:
            raise InputError(f"the header has no '# {key}:' line", path=str(path), line=1)
    query = CannedQuery(
        name=path.stem,
        path=path,
        title=fields["title"],
        description=fields["description"],
        returns=tuple(fields["returns"].split()),
        text=text,
        form="",
        params=tuple(params),
        every_graph=fields.get("graphs") == "all",
    )
    return _checked(query)


def _read_header(text: str, path: Path) -> tuple[dict[str, str], list[Param]]:
    fields: dict[str, str] = {}
    params: list[Param] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        if not line.strip("# "):
            continue
        match = _FIELD.match(line)
        key = match.group("key") if match else None
        if key == "param":
            params.append(_param(match.group("value"), path, number))
        elif key == "description" and key in fields:
            fields[key] += " " + match.group("value")
        elif key in ("title", "description", "returns", "graphs") and key not in fields:
            fields[key] = match.group("value")
            if key == "graphs" and fields[key] != "all":
                raise InputError("'# graphs:' takes one value, all: GRAPH ranges over every named graph, the "
                                 "inferred one too, and the query leaves that out itself", path=str(path), line=number)
        else:
            raise InputError(
                "a header line must be '# title:', '# description:', '# param:', '# returns:' or '# graphs:' "
                "(each once, description and param may repeat)",
                path=str(path),
                line=number,
            )
    return fields, params


def _param(value: str, path: Path, line: int) -> Param:
    match = re.match(_PARAM, value)
    if not match or not (match.group("example") or match.group("default")):
        raise InputError(
            "write '# param: NAME TYPE description, e.g. EXAMPLE' or '…, default VALUE'", path=str(path), line=line
        )
    kind = match.group("type")
    if kind not in SIMPLE_TYPES:
        cls = expand(kind)
        if cls is None:
            raise InputError(
                f"parameter type {kind!r} is not one of {', '.join(SIMPLE_TYPES)} or a prefixed class name",
                path=str(path),
                line=line,
            )
        kind = cls
    default = match.group("default")
    return Param(match.group("name"), kind, match.group("description"), match.group("example") or default, default)


def _checked(query: CannedQuery) -> CannedQuery:
    """The rules the header promises: parameters used and bindable, returns as the query projects."""
    where = str(query.path)
    try:
        tokens = tokenize(query.text)
    except LexError as exc:
        raise InputError(f"SPARQL syntax error: {exc}", path=where, line=exc.line, column=exc.column) from None
    form = query_form(tokens) or ""
    used = body_variables(tokens)
    projected = projected_variables(tokens)
    for param in query.params:
        if param.name not in used:
            raise InputError(f"parameter {param.name} is declared but ?{param.name} is not used in the query", path=where)
        if form == "SELECT" and (projected is None or param.name not in projected):
            raise InputError(
                f"parameter ?{param.name} must be listed in the SELECT clause (pyoxigraph binds only projected variables)",
                path=where,
            )
        for i, token in enumerate(tokens[:-3]):
            if token.keyword == "BIND" and tokens[i + 2].text[1:] == param.name and tokens[i + 3].keyword == "AS":
                raise InputError(
                    f"BIND(?{param.name} AS …) is left unbound by pyoxigraph; use ?{param.name} directly",
                    path=where,
                    line=token.line,
                    column=token.column,
                )
    for token in expression_uses_out_of_reach(tokens, {p.name for p in query.params}):
        raise InputError(
            f"parameter {token.text} is used in a FILTER or BIND inside a nested group, where a remote endpoint "
            "cannot bind it (kg sends parameters as a VALUES block opening the WHERE group); use it in the WHERE "
            "group itself, in a triple pattern, or in the FILTER of an OPTIONAL directly in it",
            path=where,
            line=token.line,
            column=token.column,
        )
    if form == "SELECT":
        shown = tuple(v for v in projected or () if v not in {p.name for p in query.params})
        if shown != query.returns:
            raise InputError(
                f"'# returns: {' '.join(query.returns)}' does not match the columns the query gives: {' '.join(shown)}",
                path=where,
            )
    return query._replace(form=form)


def bind(graph, query: CannedQuery, given: dict[str, str]) -> dict[str, object]:
    """Typed terms for the query's parameters, from -p values (or defaults). Names resolve to IRIs."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        takes = ", ".join(declared) if declared else "no parameters"
        raise UsageError(f"-p {unknown[0]}: query {query.name} takes {takes}")
    terms = {}
    for param in query.params:
        value = given.get(param.name, param.default)
        if value is None:
            raise UsageError(f"-p {param.name} is required by query {query.name} (e.g. -p {param.name} {param.example})")
        terms[param.name] = term_for(graph, param, value)
    return terms


def term_for(graph, param: Param, value: str):
    """The RDF term a -p value stands for, checked against the parameter's type."""
    if param.type == "string":
        return ox.Literal(value)
    if param.type == "integer":
        if literals.lexical_problem(value.strip(), XSD + "integer") is not None:
            raise UsageError(f"-p {param.name}: {value!r} is not a whole number")
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    if param.type == "date":
        kind = _DATE_TYPES.get(len(value.strip()))
        if kind is None or literals.lexical_problem(value.strip(), XSD + kind) is not None:
            raise UsageError(f"-p {param.name}: {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
        return ox.Literal(value.strip(), datatype=ox.NamedNode(XSD + kind))
    from kg.query.resolve import resolve

    cls = None if param.type == "IRI" else param.type
    try:
        return ox.NamedNode(resolve(graph, value, cls))
    except KgError as exc:
        exc.message = f"-p {param.name}: {exc.message}"
        raise
