"""Hatch environment collector: fill in each environment's workspace from the pyprojects.

hatch.toml names, per environment, only the distributions it is about
(``workspace.members``) and, with ``member-dependency-groups``, which PEP 735
dependency groups of those members it installs (``["test"]``). This
collector, loaded by Hatch through ``[env.collectors.custom]``, adds the rest
from ``packages/*/pyproject.toml``, so that the dependency graph is written
only there:

* every one of our distributions that a member requires (through its
  dependencies, its selected features or a requested group), directly or
  through another one of ours, becomes a workspace member too, with the
  extras asked for; Hatch installs members editable from their folders;
* the groups' other requirements become extra dependencies.

"Ours" means a name in the ``[sources]`` table of hatch.toml, which maps each
of our distributions to its folder. A name of ours is never installed from the
package index: the same names belong to unrelated projects there.
"""

from __future__ import annotations

import sys
import typing as t
from pathlib import Path

from hatch.env.collectors.plugin.interface import EnvironmentCollectorInterface
from packaging.dependency_groups import resolve_dependency_groups  # packaging 26.1+
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Hatch itself depends on tomli there
    import tomli as tomllib

Config = dict[str, t.Any]


def _member(entry: str | Config) -> tuple[str, set[str]]:
    """A ``workspace.members`` entry as (path, features)."""
    if isinstance(entry, str):
        return entry, set()
    return entry["path"], set(entry.get("features", ()))


class WorkspaceFromPyprojects(EnvironmentCollectorInterface):  # type: ignore[misc]
    """Completes ``workspace.members`` and adds members' dependency groups."""

    PLUGIN_NAME = "custom"

    def finalize_environments(self, config: dict[str, Config]) -> None:
        """Complete every environment that declares workspace members."""
        for environment in config.values():
            members = environment.get("workspace", {}).get("members")
            if members:
                self._complete(environment, members)

    def _complete(self, environment: Config, members: list[str | Config]) -> None:
        ours = {
            canonicalize_name(name): source["path"]
            for name, source in environment.get("sources", {}).items()
            if isinstance(source, dict) and "path" in source
        }
        declared = [_member(entry) for entry in members]
        pending = list(declared)
        extra: list[str] = []
        wanted = environment.get("member-dependency-groups", ())
        for path, _ in declared if wanted else ():
            groups = self._pyproject(path).get("dependency-groups", {})
            for text in resolve_dependency_groups(groups, *wanted):
                requirement = Requirement(text)
                local = ours.get(canonicalize_name(requirement.name))
                if local:
                    pending.append((local, set(requirement.extras)))
                elif text not in extra:
                    extra.append(text)
        chosen: dict[str, set[str]] = {}  # member path -> its features
        while pending:
            path, features = pending.pop()
            known = chosen.get(path)
            if known is not None and features <= known:
                continue
            chosen[path] = features = (known or set()) | features
            project = self._pyproject(path)["project"]
            requirements = list(project.get("dependencies", ()))
            for feature in sorted(features):
                requirements += project.get("optional-dependencies", {})[feature]
            for text in requirements:
                requirement = Requirement(text)
                local = ours.get(canonicalize_name(requirement.name))
                if local:
                    pending.append((local, set(requirement.extras)))
        environment["workspace"]["members"] = [
            {"path": path, "features": sorted(features)}
            for path, features in sorted(chosen.items())
        ]
        environment["extra-dependencies"] = [
            *environment.get("extra-dependencies", ()),
            *extra,
        ]

    def _pyproject(self, path: str) -> Config:
        """The parsed ``pyproject.toml`` of the distribution in ``path``."""
        with (Path(self.root) / path / "pyproject.toml").open("rb") as f:
            return tomllib.load(f)
