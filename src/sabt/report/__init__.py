"""sabt.report — the assessment: self-contained HTML and the same content as PDF.

Everything shown is computed from the case file (claims, incidents, deployments, series,
estimate runs, legal classifications); labels come from the translation tables in
``i18n/`` (English and Persian, right to left with Persian digits and Solar Hijri first).

>>> from sabt.report import render_report                   # doctest: +SKIP
>>> result = render_report(case, "out/iran-2026", lang="en")  # doctest: +SKIP
>>> result.html, result.pdf                                  # doctest: +SKIP
(PosixPath('out/iran-2026/index.html'), PosixPath('out/iran-2026/report.pdf'))

See ``docs/report.md``.
"""

from sabt.report._render import STEPS, ReportResult, render_report

__all__ = ["STEPS", "ReportResult", "render_report"]

from sabt._lazy import callable_package  # noqa: E402 - after the exports it serves

callable_package(__name__, "report")  # `import sabt; sabt.report(case)` is the notebook verb
