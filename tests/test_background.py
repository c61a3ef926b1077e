"""Maps drawn in a forked child while the build goes on: the same site, the same errors and warnings."""

from __future__ import annotations

import logging
import os
import pathlib
import shutil

import pytest

from argmap.background import Background, available
from site_build import FIXTURE_CLAIMS, build_here

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"),
              pytest.mark.skipif(not available(), reason="no fork on this platform")]


def _work(progress):
    progress(3, 4)
    logging.getLogger("argmap.maps.svg").warning("a warning from the child: %s", "kept")
    logging.getLogger("argmap.maps.svg").debug("not forwarded")
    return {"pid": os.getpid()}


def test_a_child_returns_its_result_and_its_warnings_reach_the_parent(caplog: pytest.LogCaptureFixture) -> None:
    seen: list[tuple[int, int]] = []
    with caplog.at_level(logging.DEBUG, logger="argmap"):
        job = Background(_work, total=4, name="test job")
        result = job.result(lambda done, total: seen.append((done, total)))
    assert result["pid"] != os.getpid()
    # (once the MkDocs plugin is loaded it also hands argmap's warnings on to MkDocs' logger)
    assert [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "argmap.maps.svg"] == [
        (logging.WARNING, "a warning from the child: kept")]
    assert seen[-1] == (4, 4)
    assert job.result() == result  # asked again: the same answer, no second wait


def _fails(progress):
    from argmap.maps.svg import RenderError

    raise RenderError("Graphviz failed on map 'claim:c-gap': syntax error in line 3")


def test_a_childs_error_is_raised_in_the_parent_as_it_was() -> None:
    from argmap.maps.svg import RenderError

    job = Background(_fails, total=1, name="test job")
    with pytest.raises(RenderError, match=r"^Graphviz failed on map 'claim:c-gap': syntax error in line 3$"):
        job.result()
    with pytest.raises(RenderError):  # and again, not a hang
        job.result()


def _dies(progress):
    os._exit(3)


def test_a_child_that_dies_is_an_error_not_a_hang() -> None:
    with pytest.raises(RuntimeError, match="the test job process ended without a result"):
        Background(_dies, total=1, name="test job").result()


def _site(root: pathlib.Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_site_whose_maps_are_drawn_in_a_child_is_the_site_drawn_in_process(
        tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from argmap import pipeline
    from argmap.maps import svg
    from argmap.website import sitemaps

    pids = tmp_path / "pids"
    render_each = svg.render_each

    def recording(*args, **kw):
        with open(pids, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()}\n")
        return render_each(*args, **kw)
    export = pipeline._export

    def exporting(*args, **kw):
        with open(pids, "a", encoding="utf-8") as fh:
            fh.write(f"export:{os.getpid()}\n")
        return export(*args, **kw)
    monkeypatch.setattr(svg, "render_each", recording)
    monkeypatch.setattr(pipeline, "_export", exporting)
    code, out = build_here(FIXTURE_CLAIMS, tmp_path / "child", monkeypatch, pdf=False)
    assert code == 0, out
    drawn_by = set(pids.read_text(encoding="utf-8").split())
    assert {p.startswith("export:") for p in drawn_by} == {True, False}
    assert not drawn_by & {str(os.getpid()), f"export:{os.getpid()}"}, "maps or exports were made in this process"
    pids.unlink()
    monkeypatch.setattr(sitemaps, "background_available", lambda: False)
    monkeypatch.setattr(pipeline, "background_available", lambda: False)
    code, out = build_here(FIXTURE_CLAIMS, tmp_path / "here", monkeypatch, pdf=False)
    assert code == 0, out
    assert set(pids.read_text(encoding="utf-8").split()) == {str(os.getpid()), f"export:{os.getpid()}"}
    child, here = _site(tmp_path / "child" / "site"), _site(tmp_path / "here" / "site")
    assert sorted(child) == sorted(here)
    assert [name for name in child if child[name] != here[name]] == []
    assert any(b"<svg" in content for name, content in child.items() if name.startswith("claims/"))
    # the warm build reuses the result and maps the child stored
    shutil.rmtree(tmp_path / "child" / "site")
    monkeypatch.setattr(svg, "render_each", lambda *a, **k: pytest.fail("a warm build drew a map"))
    monkeypatch.setattr(pipeline, "_export", lambda *a, **k: pytest.fail("a warm build exported again"))
    code, out = build_here(FIXTURE_CLAIMS, tmp_path / "child", monkeypatch, pdf=False)
    assert code == 0, out
    assert _site(tmp_path / "child" / "site") == child


def test_a_warning_in_the_child_counts_for_strict_once(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from argmap.maps import svg

    render_each = svg.render_each

    def warning(*args, **kw):
        logging.getLogger("argmap.maps.svg").warning("could not write the map cache at /x: disk full")
        return render_each(*args, **kw)
    monkeypatch.setattr(svg, "render_each", warning)
    code, out = build_here(FIXTURE_CLAIMS, tmp_path, monkeypatch, pdf=False)
    assert code == 1, out
    assert out.count("could not write the map cache at /x: disk full") == 1, out
    assert "Aborted with 1 warnings in strict mode!" in out, out
