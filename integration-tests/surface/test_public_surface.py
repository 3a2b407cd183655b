"""flask-full keeps every public name, signature and class member it had.

``flask-full-surface.json`` records, for Flask 3.1.3's public names and class
members, what our ``flask`` offers (kind and parameters). This test fails when
any of them goes missing or changes its parameters. After a deliberate change,
re-record with ``record_surface.py``.
"""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

from support import Environment, run

HERE = Path(__file__).resolve().parent
SNAPSHOT = HERE / "flask-full-surface.json"

Surface = dict[str, dict[str, dict[str, dict[str, t.Any]]]]


def observe(environment: Environment, recorded: Surface, work: Path) -> Surface:
    """Probe the environment's flask for every recorded name and member."""
    wanted = {
        part: {owner: sorted(names) for owner, names in recorded[part].items()}
        for part in ("modules", "classes")
    }
    wanted_file = work / "wanted.json"
    wanted_file.write_text(json.dumps(wanted))
    result = run(
        [environment.python, "-I", HERE / "surface_probe.py", wanted_file], cwd=work
    )
    return t.cast(Surface, json.loads(result.stdout))


def differences(recorded: Surface, observed: Surface) -> list[str]:
    """Every recorded name or member that is missing or changed its kind or
    parameters."""
    found = []
    for part in ("modules", "classes"):
        for owner, names in recorded[part].items():
            for name, before in names.items():
                now = observed[part][owner][name]
                if now["kind"] == "missing":
                    found.append(f"{owner}.{name}: missing")
                elif now != before:
                    found.append(f"{owner}.{name}: was {before}, now {now}")
    return found


def test_no_public_name_or_member_went_missing(
    full: Environment, tmp_path: Path
) -> None:
    recorded = t.cast(Surface, json.loads(SNAPSHOT.read_text()))
    assert differences(recorded, observe(full, recorded, tmp_path)) == []


def test_the_snapshot_records_nothing_missing() -> None:
    recorded = t.cast(Surface, json.loads(SNAPSHOT.read_text()))
    assert sum(len(names) for names in recorded["modules"].values()) >= 200
    assert [
        f"{owner}.{name}"
        for part in ("modules", "classes")
        for owner, names in recorded[part].items()
        for name, found in names.items()
        if found["kind"] == "missing"
    ] == []


def test_a_removed_member_is_reported() -> None:
    recorded: Surface = {
        "modules": {"flask": {"Flask": {"kind": "class", "params": []}}},
        "classes": {"flask.app.Flask": {"route": {"kind": "method", "params": []}}},
    }
    observed: Surface = {
        "modules": {"flask": {"Flask": {"kind": "class", "params": []}}},
        "classes": {"flask.app.Flask": {"route": {"kind": "missing"}}},
    }
    assert differences(recorded, observed) == ["flask.app.Flask.route: missing"]
