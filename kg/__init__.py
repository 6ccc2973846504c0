"""geokg: a knowledge-graph builder for international relations.

The library, as the `kg` command line uses it (docs/python-api.md):

    import kg
    project = kg.find_project("path/to/project")
    print(kg.ask(project, name="weapon-seekers", params={"weapon": "S-400"}).rows)

Every name below is loaded when first used, so `import kg` costs nothing more than this file:
the functions live in their packages (kg.query.ask, kg.store.build, …) and a script pays only
for what it calls, as `kg query` pays for pyoxigraph and never for rdflib or click. Errors are
raised as KgError subclasses, each with the `exit_code` the command line gives for it. Library
functions never read the environment: limits are a Limits argument (default Limits()).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (kg.records says why)

__version__ = "0.1.0"

# name -> "module:attribute", in the order docs/python-api.md presents them.
_API = {
    "Project": "kg.project:Project",
    "find_project": "kg.project:find_project",
    "ask": "kg.query.ask:ask",
    "Answer": "kg.query.ask:Answer",
    "open_graph": "kg.store.build:open_graph",
    "Graph": "kg.store.graph:Graph",
    "vocabulary": "kg.query.vocab:vocabulary",
    "Term": "kg.query.vocab:Term",
    "build": "kg.store.build:build",
    "BuildReport": "kg.store.build:BuildReport",
    "validate": "kg.validation.validate:validate_files",
    "ValidationReport": "kg.validation.validate:ValidationReport",
    "add": "kg.validation.add:add_file",
    "AddResult": "kg.validation.add:AddResult",
    "draft_article": "kg.draft.draft:draft_article",  # not "draft": that is the kg.draft package
    "Draft": "kg.draft.draft:Draft",
    "export": "kg.interop.export:export_graph",
    "Export": "kg.interop.export:Export",
    "check": "kg.reasoning.check:check",
    "CheckReport": "kg.reasoning.check:CheckReport",
    "format_files": "kg.rdf.fmt:format_files",
    "Limits": "kg.limits:Limits",
    "KgError": "kg.errors:KgError",
    "ViolationsFound": "kg.errors:ViolationsFound",
    "UsageError": "kg.errors:UsageError",
    "InputError": "kg.errors:InputError",
    "NotFound": "kg.errors:NotFound",
    "PolicyError": "kg.errors:PolicyError",
    "LimitError": "kg.errors:LimitError",
    "RemoteError": "kg.errors:RemoteError",
}

__all__ = ["__version__", *_API]

if TYPE_CHECKING:  # for IDEs and type checkers; at run time __getattr__ imports on first use
    from kg.errors import (
        InputError, KgError, LimitError, NotFound, PolicyError, RemoteError, UsageError, ViolationsFound,
    )
    from kg.draft.draft import Draft, draft_article
    from kg.interop.export import Export
    from kg.interop.export import export_graph as export
    from kg.limits import Limits
    from kg.project import Project, find_project
    from kg.query.ask import Answer, ask
    from kg.query.vocab import Term, vocabulary
    from kg.rdf.fmt import format_files
    from kg.reasoning.check import CheckReport, check
    from kg.store.build import BuildReport, build, open_graph
    from kg.store.graph import Graph
    from kg.validation.add import AddResult
    from kg.validation.add import add_file as add
    from kg.validation.validate import ValidationReport
    from kg.validation.validate import validate_files as validate


def __getattr__(name: str):
    target = _API.get(name)
    if target is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    import importlib

    module, attribute = target.split(":")
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value  # found once; later lookups do not come back here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})
