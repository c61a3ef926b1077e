"""A build never hides a loss: every product asked for (maps, exports, the PDF, grounded labels)
is made, or the real MkDocs build fails naming the product and the cause, with --strict and
without it. Warnings stay warnings, so --strict counts them. Also the two deliberate last lines
of defence (the CLI's top-level handler and the live preview's) each have a test here."""

from __future__ import annotations

import logging
import pathlib
import shutil
from collections.abc import Callable
from typing import Any

import pytest

from site_build import FIXTURE_CLAIMS, build_here

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"),
              pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")]


def _raise(exc: BaseException) -> Callable[..., None]:
    """A stand-in for any step of the build: it raises ``exc``."""
    def step(*_args: object, **_kw: object) -> None:
        raise exc
    return step


def _fail_pdf(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    from argmap.pdf import build as pdfbuild

    monkeypatch.setattr(pdfbuild, "_write", _raise(exc))


def test_a_lost_pdf_fails_the_build(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bug: the PDF step raised, the build logged "PDF skipped" at INFO and exited 0."""
    from argmap.pdf.build import PdfError

    _fail_pdf(monkeypatch, PdfError("the stylesheet is broken"))
    code, out = build_here(FIXTURE_CLAIMS, tmp_path, monkeypatch)
    assert code == 1, out
    assert "the PDF (downloads/argument-map.pdf) could not be built: the stylesheet is broken" in out
    assert not (tmp_path / "site" / "downloads" / "argument-map.pdf").exists()


def test_a_lost_pdf_fails_without_strict_too(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fail_pdf(monkeypatch, OSError(28, "No space left on device"))
    code, out = build_here(FIXTURE_CLAIMS, tmp_path, monkeypatch, strict=False)
    assert code == 1, out
    assert "the PDF (downloads/argument-map.pdf) could not be built: [Errno 28] No space left on device" in out


def test_a_bug_in_the_pdf_step_fails_naming_the_pdf(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fail_pdf(monkeypatch, KeyError("figure"))
    code, out = build_here(FIXTURE_CLAIMS, tmp_path, monkeypatch, strict=False)
    assert code == 1, out
    assert "the site could not be built: 'figure'; argmap: while making the PDF (downloads/argument-map.pdf)" in out


def test_the_pdf_maps_failing_fails_the_pdf(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from argmap.maps.svg import RenderError
    from argmap.pdf import printmaps

    monkeypatch.setattr(printmaps, "render_graphs", _raise(RenderError("Graphviz failed on map 'overview': syntax")))
    code, out = build_here(FIXTURE_CLAIMS, tmp_path, monkeypatch)
    assert code == 1, out
    assert "the PDF (downloads/argument-map.pdf) could not be built: Graphviz failed on map 'overview'" in out


def test_lost_maps_fail_the_build(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from argmap.maps import svg

    monkeypatch.setattr(svg, "render_each", _raise(svg.RenderError("Graphviz failed on map 'claim:c-gap': oops")))
    code, out = build_here(FIXTURE_CLAIMS, tmp_path, monkeypatch, pdf=False, strict=False)
    assert code == 1, out
    assert "the argument maps could not be built: Graphviz failed on map 'claim:c-gap': oops" in out


def test_missing_graphviz_fails_the_build(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from argmap.maps import svg

    monkeypatch.setattr(svg, "DOT_COMMAND", str(tmp_path / "no-such-dot"))
    code, out = build_here(FIXTURE_CLAIMS, tmp_path, monkeypatch, pdf=False)
    assert code == 1, out
    assert "the argument maps could not be built:" in out and "no-such-dot" in out


def test_a_lost_export_fails_the_build(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from argmap.interchange import ExportError, graphml

    monkeypatch.setattr(graphml, "to_graphml", _raise(ExportError("no GraphML today")))
    code, out = build_here(FIXTURE_CLAIMS, tmp_path, monkeypatch, pdf=False)
    assert code == 1, out
    assert "the graphml export (downloads/argument-map.graphml) could not be built: no GraphML today" in out


def test_lost_labels_fail_the_build(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from argmap.core import semantics

    monkeypatch.setattr(semantics, "label_all", _raise(RecursionError("maximum recursion depth exceeded")))
    code, out = build_here(FIXTURE_CLAIMS, tmp_path, monkeypatch, pdf=False)
    assert code == 1, out
    assert "maximum recursion depth exceeded; argmap: while making the acceptability labels" in out


def test_a_product_is_left_out_by_configuration_only(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pdf: false (here through ARGMAP_PDF, as mkdocs.yml reads it) leaves the PDF out, quietly."""
    _fail_pdf(monkeypatch, RuntimeError("must not be called"))
    code, out = build_here(FIXTURE_CLAIMS, tmp_path, monkeypatch, pdf=False)
    assert code == 0, out
    assert not (tmp_path / "site" / "downloads" / "argument-map.pdf").exists()
    assert (tmp_path / "site" / "downloads" / "argument-map.json").is_file()


@pytest.mark.slow
def test_a_warning_stays_a_warning_and_strict_counts_it(tmp_path: pathlib.Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A map that cannot be laid into the PDF is left out with a warning: --strict fails on it
    (it was turned into INFO before), a build without --strict ships the PDF without that map."""
    from argmap.pdf import printmaps
    from argmap.pdf.overlay import MapPlacementError

    real = printmaps.fit_map

    def fit(width: float, height: float, *args: Any, **kwargs: Any) -> Any:
        if width > 0 and not getattr(fit, "failed", False):
            fit.failed = True  # type: ignore[attr-defined]
            raise MapPlacementError("the map has no size")
        return real(width, height, *args, **kwargs)
    monkeypatch.setattr(printmaps, "fit_map", fit)
    code, out = build_here(FIXTURE_CLAIMS, tmp_path / "strict", monkeypatch)
    assert code == 1, out
    assert "Aborted with 1 warnings in strict mode!" in out
    fit.failed = False  # type: ignore[attr-defined]
    code, out = build_here(FIXTURE_CLAIMS, tmp_path / "lenient", monkeypatch, strict=False)
    assert code == 0, out
    assert (tmp_path / "lenient" / "site" / "downloads" / "argument-map.pdf").read_bytes().startswith(b"%PDF-")


def test_library_warnings_reach_mkdocs_as_warnings(caplog: pytest.LogCaptureFixture) -> None:
    import argmap.mkdocs_plugin  # noqa: F401 - installs the handler

    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.argmap"):
        logging.getLogger("argmap.pdf.build").warning("map %s left out of the PDF: %s", "overview", "why")
        logging.getLogger("argmap.pdf.build").error("something broke")
    levels = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "mkdocs.plugins.argmap"]
    assert levels == [("WARNING", "argmap: map overview left out of the PDF: why"),
                      ("ERROR", "argmap: something broke")]


# -- the kept last lines of defence --------------------------------------------------------------

def test_live_preview_keeps_its_last_good_state(caplog: pytest.LogCaptureFixture,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """`mkdocs serve`: a failing rebuild is logged and the last good site stays up; `build` fails."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError

    from argmap import mkdocs_plugin

    def plugin(command: str) -> tuple[mkdocs_plugin.ArgmapPlugin, object]:
        config = load_config(str(pathlib.Path(__file__).resolve().parent.parent / "mkdocs.yml"))
        p = config.plugins["argmap"]
        assert isinstance(p, mkdocs_plugin.ArgmapPlugin)
        p.config.claims, p.config.maps, p.config.downloads = str(FIXTURE_CLAIMS), False, False
        p.on_startup(command=command, dirty=False)
        return p, config

    serving, config = plugin("serve")
    serving._build(config)
    good = serving.result
    assert good is not None
    monkeypatch.setattr(mkdocs_plugin, "build_site", _raise(ZeroDivisionError("a bug")))
    with caplog.at_level(logging.ERROR, logger="mkdocs.plugins.argmap"):
        serving._build(config)
    assert serving.result is good
    assert any("could not be rebuilt (a bug); showing the last good state" in r.getMessage() for r in caplog.records)
    building, config = plugin("build")
    with pytest.raises(PluginError, match="the site could not be built: a bug"):
        building._build(config)


def test_cli_turns_a_bug_into_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from argmap import cli

    monkeypatch.setattr("argmap.core.loader.load", _raise(ZeroDivisionError("division by zero")))
    monkeypatch.delenv("ARGMAP_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exit_:
        cli.main(["check", str(FIXTURE_CLAIMS)])
    assert exit_.value.code == cli.EXIT_INTERNAL
    err = capsys.readouterr().err
    assert "argmap: internal error: ZeroDivisionError: division by zero" in err and "Traceback" not in err
    monkeypatch.setenv("ARGMAP_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        cli.main(["check", str(FIXTURE_CLAIMS)])
