"""The loader: safe YAML, positions, limits, and no crash on any input."""

from __future__ import annotations

import os
import pathlib
import resource
import subprocess
import sys

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.core.diagnostics import Location, Report
from argmap.core.loader import load
from argmap.core.validate import check_file
from argmap.core.yamlsource import YMap, YScalar, YSeq, compose, decode, map_get, node_loc
from conftest import FIXTURE_CORPUS, ROOT


def codes(report: Report) -> list[str]:
    return [d.code for d in report.sorted()]


def test_every_key_and_value_keeps_its_position() -> None:
    text = "section:\n  id: s1\n  title: 'T'\nclaims:\n  - id: a\n    actors: [x, y]\n"
    report = Report()
    node = compose(text, "f.yml", report)
    assert isinstance(node, YMap) and not len(report)
    sec = map_get(node, "section")
    assert isinstance(sec, YMap)
    key, value = sec.value[1]
    assert (key.value, node_loc(key, "f.yml")) == ("title", Location("f.yml", 3, 3))
    assert isinstance(value, YScalar) and (value.value, value.style) == ("T", "'")
    assert node_loc(value, "f.yml") == Location("f.yml", 3, 10)
    claims = map_get(node, "claims")
    assert isinstance(claims, YSeq)
    actors = map_get(claims.value[0], "actors")
    assert [(a.value, node_loc(a, "f.yml").line, node_loc(a, "f.yml").col) for a in actors.value] == [
        ("x", 6, 14), ("y", 6, 17)]


def test_scalars_stay_text_until_the_schema_reads_them() -> None:
    report = Report()
    node = compose("a: 144\nb: 2014-07-14\nc: yes\nd: ~\n", "f.yml", report)
    assert [(k.value, v.value, v.tag) for k, v in node.value] == [
        ("a", "144", "?"), ("b", "2014-07-14", "?"), ("c", "yes", "?"), ("d", "~", "?")]


def test_recursive_aliases_are_rejected() -> None:
    report = Report()
    assert compose("a: &x [1, *x]\n", "f.yml", report) is None
    assert codes(report) == ["AM003"]


def test_duplicate_keys_are_reported_with_both_lines() -> None:
    for text in ("paper: {}\nreferences: []\npaper: {}\n", "paper: &p {}\nreferences: []\npaper: *p\n"):
        report = Report()
        node = compose(text, "f.yml", report)  # the second text has an anchor: the reader checks too
        check_file(node, "f.yml", report)
        dups = [d for d in report.sorted() if d.code == "AM005"]
        assert [(d.location.line, d.message) for d in dups] == [(3, "duplicate key 'paper' (first at line 1)")]


def test_python_tags_are_never_executed(tmp_path: pathlib.Path) -> None:
    marker = tmp_path / "pwned"
    claims = tmp_path / "claims"
    claims.mkdir()
    (claims / "x.yml").write_text(
        f'section: !!python/object/apply:os.system ["touch {marker}"]\n'
        f'claims: !!python/object/new:subprocess.Popen [["touch", "{marker}"]]\n'
    )
    result = load(str(claims))
    assert "AM004" in codes(result.report)
    assert not marker.exists()


def test_limits_bound_time_and_memory_for_a_billion_laughs(tmp_path: pathlib.Path) -> None:
    """A nine-level alias bomb (10^9 values) is rejected, in a child limited to 1 GB and 20 s."""
    claims = tmp_path / "claims"
    claims.mkdir()
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    (claims / "bomb.yml").write_text("\n".join(lines) + "\n")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    proc = subprocess.run([sys.executable, "-m", "argmap.cli", "check", str(claims)], capture_output=True,
                          text=True, timeout=20, preexec_fn=limit)
    assert proc.returncode == 1, proc.stderr
    assert "error[AM003]" in proc.stdout and "Traceback" not in proc.stderr


def test_deep_nesting_is_rejected_without_crashing() -> None:
    report = Report()
    assert compose("[" * 200_000 + "]" * 200_000, "f.yml", report) is None
    assert codes(report) == ["AM003"]
    report = Report()
    assert compose("- " * 100_000 + "x\n", "f.yml", report) is None
    assert codes(report) == ["AM003"]


def test_encoding_problems_name_the_line() -> None:
    report = Report()
    assert decode(b"a: 1\nb: caf\xe9\n", "f.yml", report) is None
    [d] = report.sorted()
    assert (d.code, d.location.line, d.location.col) == ("AM002", 2, 7)
    report = Report()
    assert decode("\ufeffa: 1\n".encode(), "f.yml", report) == "a: 1\n"
    assert codes(report) == ["AM002"]
    report = Report()
    assert decode("a: 1\n".encode("utf-16"), "f.yml", report) is None
    assert "UTF-16" in report.sorted()[0].message


def test_one_run_reports_every_problem(tmp_path: pathlib.Path) -> None:
    claims = tmp_path / "claims"
    claims.mkdir()
    (claims / "a.yml").write_text("section: {id: s, title: T, coverage: partial}\nclaims:\n  - {id: A, text: x}\n")
    (claims / "b.yml").write_text("nonsense: [\n")
    (claims / "c.yml").write_text("section: {id: s, title: T, coverage: none}\n")
    result = load(str(claims))
    assert {d.location.path.rsplit("/", 1)[-1] for d in result.report} == {"a.yml", "b.yml", "c.yml"}
    assert {"AM013", "AM014", "AM001", "AM012"} <= set(codes(result.report))


def test_the_real_claims_directory_loads_without_errors() -> None:
    result = load(str(ROOT / "claims"))
    assert result.report.errors == []


# ---------------------------------------------------------------------------------------
# Property-based: the loader answers every input with diagnostics, never an exception.

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=20), st.sampled_from(["id", "claims", "section", "text", "supports"]))
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5),
                            st.dictionaries(st.one_of(st.text(max_size=10),
                                                      st.sampled_from(["claims", "section", "id", "text", "kind",
                                                                       "evidence", "references", "vocabulary"])),
                                            inner, max_size=5)),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_random_yaml_documents_never_crash(doc: object) -> None:
    report = Report()
    node = compose(yaml.safe_dump(doc, allow_unicode=True), "f.yml", report)
    if node is not None:
        check_file(node, "f.yml", report)
    assert all(d.code.startswith("AM") for d in report)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_crash(data: bytes) -> None:
    report = Report()
    text = decode(data, "f.yml", report)
    if text is not None:
        node = compose(text, "f.yml", report)
        if node is not None:
            check_file(node, "f.yml", report)


VALID_FILE = (FIXTURE_CORPUS / "02-threats.yml").read_text(encoding="utf-8")


@settings(max_examples=200, deadline=None)
@given(st.integers(0, len(VALID_FILE) - 1), st.integers(0, 8), st.text(max_size=4))
def test_mutated_claim_files_never_crash(pos: int, cut: int, insert: str) -> None:
    text = VALID_FILE[:pos] + insert + VALID_FILE[pos + cut:]
    report = Report()
    node = compose(text, "f.yml", report)
    if node is not None:
        check_file(node, "f.yml", report)


def test_cli_never_prints_a_traceback_on_a_directory_of_garbage(tmp_path: pathlib.Path) -> None:
    claims = tmp_path / "claims"
    claims.mkdir()
    (claims / "a.yml").write_bytes(os.urandom(2048))
    (claims / "b.yml").write_text("? [a, b]\n: c\n- x\n")
    (claims / "c.yml").write_text("*undefined\n")
    (claims / "d.yml").write_text("---\na: 1\n---\nb: 2\n")
    proc = subprocess.run([sys.executable, "-m", "argmap.cli", "check", str(claims)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout


def test_usage_errors_exit_2(tmp_path: pathlib.Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "argmap.cli", "check", str(tmp_path / "missing")],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "does not exist" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "argmap.cli", "check", "--format", "xml"], capture_output=True,
                          text=True)
    assert proc.returncode == 2


def test_missing_source_and_locator_are_reported_beside_other_errors(tmp_path: pathlib.Path) -> None:
    """An item with a bad field is still checked for what it lacks, in the same run."""
    claims = tmp_path / "claims"
    claims.mkdir()
    (claims / "a.yml").write_text(
        "section: {id: s, title: T, coverage: partial}\n"
        "claims:\n  - {id: c, text: x, kind: claim, basis: maybe}\n"
        "evidence:\n  - {id: e, kind: poll, provenance: context, date: '2014', summary: x, supports: [c]}\n"
    )
    result = load(str(claims))
    assert [(d.code, d.location.line, d.location.col) for d in result.report.sorted()] == [
        ("AM033", 3, 5), ("AM012", 3, 42), ("AM030", 5, 5), ("AM012", 5, 19)]
