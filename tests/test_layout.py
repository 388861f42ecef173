"""The layout's import rule: every import of the product's packages points down the layers.

Bottom to top: ``core`` (mechanisms with no domain) → ``backoffice`` (the admin's rules) → the domain
apps ``ecosystems`` → ``clusters`` → ``members`` → ``inbox`` (visitors' messages to the clusters) →
``pages`` (pages composing several apps) → ``config``. A module may import its own package and the
packages below it, never one above; nor may it reach a model through the app registry to dodge that
rule. See README, "Where things live".
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("core", "backoffice", "ecosystems", "clusters", "members", "inbox", "pages", "config")
RANK = {package: rank for rank, package in enumerate(LAYERS)}


def modules(package):
    return sorted((ROOT / package).rglob("*.py"))


def imported_packages(path):
    """(line, top-level package) of every import in the module at ``path``, relative ones resolved."""
    own = path.relative_to(ROOT).with_suffix("").parts
    is_package = own[-1] == "__init__"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                # from . import x inside a/b/c.py is package a.b; each extra dot goes one up.
                base = own[: len(own) - node.level + (1 if is_package else 0)]
                yield node.lineno, (base or (node.module or "").split("."))[0]
            else:
                yield node.lineno, node.module.split(".")[0]


def upward_imports(package):
    rank = RANK[package]
    for path in modules(package):
        for line, imported in imported_packages(path):
            if RANK.get(imported, -1) > rank:
                yield f"{path.relative_to(ROOT)}:{line} imports {imported}"


@pytest.mark.parametrize("package", LAYERS)
def test_a_package_imports_only_itself_and_the_packages_below_it(package):
    assert modules(package), f"{package}/ has no modules: update LAYERS"
    assert list(upward_imports(package)) == []


@pytest.mark.parametrize("package", LAYERS)
def test_no_module_reaches_models_through_the_app_registry(package):
    """``apps.get_model`` would hide an upward import from the rule above (migrations get their
    historical ``apps`` as an argument, which is not this)."""
    offenders = []
    for path in modules(package):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module == "django.apps"
                and any(alias.name == "apps" for alias in node.names)
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_the_rule_sees_an_upward_import(tmp_path, monkeypatch):
    """The parser resolves absolute and relative imports, so the rule cannot pass by missing them."""
    module = ROOT / "clusters" / "views" / "listing.py"
    found = dict(imported_packages(module))
    assert "core" in found.values()
    assert "clusters" in found.values()  # from clusters.filters ...

    fake = tmp_path / "clusters" / "views"
    fake.mkdir(parents=True)
    (fake / "bad.py").write_text("from ..models import X\nfrom pages.search import search\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert list(imported_packages(fake / "bad.py")) == [(1, "clusters"), (2, "pages")]
    assert list(upward_imports("clusters")) == ["clusters/views/bad.py:2 imports pages"]
