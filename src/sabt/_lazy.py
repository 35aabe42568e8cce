"""Lazy package exports (PEP 562), so that ``sabt --help`` does not import pandas, statsmodels
and FastAPI: a name is imported from its module the first time it is used."""

from __future__ import annotations

import importlib


def lazy_exports(package: str, exports: dict[str, str]):
    """``__getattr__`` and ``__dir__`` for a package exporting ``{name: module}``."""

    def __getattr__(name: str):
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(exports[name], package), name)
        globals_of_package = importlib.import_module(package).__dict__
        globals_of_package[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(exports) | set(importlib.import_module(package).__dict__))

    return __getattr__, __dir__


def callable_package(package: str, verb: str, module: str = "sabt.api") -> None:
    """Make a sub-package callable as the notebook verb of the same name.

    ``sabt.link``, ``sabt.estimate`` and ``sabt.report`` are both sub-packages and verbs of
    ``import sabt``. Importing a sub-package sets it as an attribute of ``sabt``, replacing
    the verb there: ``sabt.link(case)`` worked once, then failed with "module is not
    callable". Calling the sub-package calls the verb, whichever of the two ``sabt.link`` is.
    """
    import sys

    package_module = sys.modules[package]

    class _CallablePackage(type(package_module)):
        def __call__(self, *args, **kwargs):
            return getattr(importlib.import_module(module), verb)(*args, **kwargs)

    package_module.__class__ = _CallablePackage
