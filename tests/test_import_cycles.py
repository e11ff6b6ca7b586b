"""No module of `mailbot` or `parsers` imports, however indirectly, a module that imports it (issue 25).

A circle makes the import order matter (a name is missing when the circle is entered from the other side) and
hides which layer depends on which. The graph is grimp's (the engine of import-linter): it resolves relative
imports, `from . import module` and imports inside functions and under TYPE_CHECKING, which a hand-written ast
walk would have to reproduce; a local import counts like any other, since it runs all the same."""
from __future__ import annotations

import grimp

PACKAGES = ("mailbot", "parsers")


def circles(graph: grimp.ImportGraph) -> list[tuple[str, ...]]:
    """Each direct import a -> b for which b leads back to a, as the shortest such circle."""
    found = []
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back is not None:
                found.append((importer, *back))
    return found


def test_mailbot_and_parsers_have_no_import_circles() -> None:
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    assert len(graph.modules) > 100, "the graph holds the project's modules"
    assert circles(graph) == []


def test_a_circle_is_found() -> None:
    """The check itself: a graph with a circle three modules long is reported, one without none."""
    graph = grimp.ImportGraph()
    for a, b in (("p.page", "p.labels"), ("p.labels", "p.vocabulary"), ("p.vocabulary", "p.page"),
                 ("p.form", "p.page")):
        graph.add_import(importer=a, imported=b)
    assert ("p.page", "p.labels", "p.vocabulary", "p.page") in circles(graph)
    assert all("p.form" not in c for c in circles(graph))
    graph.remove_import(importer="p.vocabulary", imported="p.page")
    assert circles(graph) == []
