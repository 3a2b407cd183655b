"""Find the lowest versions a distribution's requirements allow, and get them.

Third-party requirements become ``name==<lower bound>``. A requirement on one
of our distributions is met by the working tree when its version *is* the
lower bound, or else by the release tag ``<distribution>-v<lower bound>``,
whose files are taken with ``git archive`` (the working tree is never touched)
and built into a wheel.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile
import typing as t
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

from support import DISTRIBUTIONS, ROOT, Wheel, requirement_name, run

#: What each test resolved, printed at the end of the run by ``conftest.py``.
REPORT: list[str] = []


def lower_bound(requirement: str) -> Version | None:
    """The smallest version a requirement admits (``>=``, ``==`` or ``~=``)."""
    bounds = [
        Version(spec.version)
        for spec in Requirement(requirement).specifier
        if spec.operator in (">=", "==", "~=")
    ]
    return max(bounds) if bounds else None


def pinned_to_minimum(requirements: t.Iterable[str]) -> list[str]:
    """One requirement per project: ``name==<highest lower bound>``, or the
    bare name when nothing sets a lower bound."""
    lowest: dict[str, Version | None] = {}
    for requirement in requirements:
        name = requirement_name(requirement)
        bound = lower_bound(requirement)
        known = lowest.get(name)
        lowest[name] = bound if known is None else max(known, bound or known)
    return sorted(f"{n}=={v}" if v else n for n, v in lowest.items())


def sibling_bounds(requirements: t.Iterable[str]) -> dict[str, Version]:
    """The lower bound the requirements set on each of our distributions
    (the highest bound wins)."""
    bounds: dict[str, Version] = {}
    for requirement in requirements:
        needed = requirement_name(requirement)
        bound = lower_bound(requirement)
        if needed in DISTRIBUTIONS and bound is not None:
            bounds[needed] = max(bound, bounds.get(needed, bound))
    return bounds


@dataclass(frozen=True)
class SiblingSource:
    """Where the lowest allowed version of one of our distributions comes from."""

    distribution: str
    version: str
    origin: str  # "working tree" or "tag <distribution>-v<version>"
    wheel: Wheel

    def describe(self) -> str:
        """One line for the test report."""
        return f"{self.distribution}=={self.version} from the {self.origin}"


def release_tag(distribution: str, version: str) -> str:
    """The git tag a release of one distribution is made from."""
    return f"{distribution}-v{version}"


def tag_exists(tag: str, repository: Path = ROOT) -> bool:
    """Whether the repository has the tag."""
    result = subprocess.run(
        ["git", "-C", str(repository), "tag", "--list", tag],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() == tag


def wheel_from_tag(
    distribution: str, tag: str, work: Path, repository: Path = ROOT
) -> Wheel:
    """Build one distribution's wheel from its files at a tag."""
    archive = subprocess.run(
        [
            "git",
            "-C",
            str(repository),
            "archive",
            "--format=tar",
            tag,
            f"packages/{distribution}",
        ],
        capture_output=True,
        check=True,
    ).stdout
    source = work / tag
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(source, filter="data")
        else:  # pragma: no cover - Pythons without extraction filters
            tar.extractall(source)
    out = work / f"{tag}-wheel"
    run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            out,
            source / "packages" / distribution,
        ]
    )
    return Wheel(distribution, next(out.glob("*.whl")))


def sibling_source(
    distribution: str,
    version: Version,
    working_tree: dict[str, Wheel],
    work: Path,
    repository: Path = ROOT,
) -> SiblingSource:
    """The working tree's wheel if it has ``version``, else the tagged release."""
    current = working_tree[distribution]
    if Version(current.version) == version:
        return SiblingSource(distribution, str(version), "working tree", current)
    tag = release_tag(distribution, str(version))
    if not tag_exists(tag, repository):
        raise LookupError(
            f"{distribution}=={version} is neither the working tree"
            f" ({current.version}) nor a tag {tag!r}"
        )
    wheel = wheel_from_tag(distribution, tag, work, repository)
    return SiblingSource(distribution, str(version), f"tag {tag}", wheel)
