"""The extension points in ``flask.seams`` and the lazy names of ``flask``."""

from __future__ import annotations

import importlib
import sys
import threading
import time
import types
import typing as t

import pytest

import flask
from flask import _addons, _session_interfaces, seams

FAKE_ADDON = "flask._addon_that_is_never_installed"


@pytest.fixture
def fake_addon(monkeypatch: pytest.MonkeyPatch) -> str:
    """Declare an add-on module that no distribution provides."""
    monkeypatch.setitem(seams.ADDON_MODULES, FAKE_ADDON, "flask-imaginary")
    return FAKE_ADDON


def test_error_names_the_distribution_and_warns_about_the_index() -> None:
    error = seams.MissingDistributionError("flask-json", "Returning a dict")
    assert isinstance(error, ModuleNotFoundError)
    assert error.distribution == "flask-json"
    text = str(error)
    assert text.startswith("Returning a dict is provided by the 'flask-json'")
    assert "flask-full" in text
    assert "unrelated project" in text
    # The one safe way to install it: by name under the wheelhouse's
    # constraints, which pin every one of our names to a local wheel.
    assert "'python -m pip install -c wheelhouse/constraints.txt flask-json'" in text


def test_importing_a_missing_addon_raises_the_clear_error(fake_addon: str) -> None:
    with pytest.raises(seams.MissingDistributionError) as info:
        importlib.import_module(fake_addon)
    assert info.value.distribution == "flask-imaginary"
    assert fake_addon in str(info.value)


def test_the_finder_ignores_modules_that_are_not_addons() -> None:
    with pytest.raises(ModuleNotFoundError) as info:
        importlib.import_module("flask._not_an_addon_either")
    assert not isinstance(info.value, seams.MissingDistributionError)


def test_the_finder_is_installed_once_and_last() -> None:
    seams.install_missing_addon_finder()
    finders = [f for f in sys.meta_path if isinstance(f, seams._MissingAddonFinder)]
    assert len(finders) == 1
    assert sys.meta_path.index(finders[0]) > 0


def test_require_returns_loaded_and_importable_modules() -> None:
    assert seams.require("flask.globals") is sys.modules["flask.globals"]
    assert seams.require("flask.views") is importlib.import_module("flask.views")


def test_require_uses_the_callers_feature_text(fake_addon: str) -> None:
    with pytest.raises(seams.MissingDistributionError) as info:
        seams.require(fake_addon, "Time travel")
    assert str(info.value).startswith(
        "Time travel is provided by the 'flask-imaginary' distribution"
    )


def test_is_installed_does_not_import(fake_addon: str) -> None:
    assert seams.is_installed("flask.views")
    assert not seams.is_installed(fake_addon)
    assert not seams.is_installed("flask._nothing.below")
    assert fake_addon not in sys.modules


def test_is_installed_finds_nested_modules_without_importing_their_package(
    tmp_path: t.Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "flask" / "_nested_probe"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("raise RuntimeError('executed')\n")
    (package / "leaf.py").write_text("")
    monkeypatch.setattr(flask, "__path__", [*flask.__path__, str(tmp_path / "flask")])
    assert seams.is_installed("flask._nested_probe.leaf")
    assert not seams.is_installed("flask._nested_probe.absent")
    assert "flask._nested_probe" not in sys.modules


def test_distribution_for() -> None:
    assert seams.distribution_for("flask.sessions") == "flask-sessions"
    assert seams.distribution_for("flask.cli") == "flask-cli"
    assert seams.distribution_for("flask.app") is None


def test_unavailable_session_reads_but_refuses_every_write() -> None:
    session = seams.UnavailableSession()
    assert session.get("user") is None
    assert "user" not in session
    assert len(session) == 0
    assert session.permanent is False
    writes: list[t.Callable[[], object]] = [
        lambda: session.__setitem__("a", 1),
        lambda: session.__delitem__("a"),
        lambda: session.update(a=1),
        lambda: session.setdefault("a", 1),
        lambda: session.pop("a"),
        lambda: session.popitem(),
        lambda: session.clear(),
        lambda: session.__ior__({"a": 1}),
        lambda: setattr(session, "permanent", True),
    ]
    for write in writes:
        with pytest.raises(seams.MissingDistributionError) as info:
            write()
        assert info.value.distribution == "flask-sessions"
    assert dict(session) == {}


def test_unavailable_session_interface_never_stores() -> None:
    interface = seams.UnavailableSessionInterface()
    app = flask.Flask(__name__)
    with app.test_request_context():
        session = interface.open_session(app, flask.request)
        assert interface.is_null_session(session)
        assert interface.is_null_session(interface.make_null_session(app))
        assert not interface.should_set_cookie(app, session)
        response = app.response_class("x")
        interface.save_session(app, session, response)
        assert "Set-Cookie" not in response.headers


def test_app_session_interface_is_chosen_per_app_and_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chosen = seams.UnavailableSessionInterface()
    asked: list[object] = []

    def configured(app: flask.Flask) -> object:
        asked.append(app)
        return chosen if app.config.get("PICK_ME") else None

    monkeypatch.setattr(_session_interfaces, "configured_session_interface", configured)

    class Owner(flask.Flask):
        session_interface = seams.app_session_interface()

    shared = Owner.session_interface
    assert shared is Owner.session_interface  # resolved once for the class
    plain, picked = Owner("plain"), Owner("picked")
    picked.config["PICK_ME"] = True
    assert plain.session_interface is shared
    assert picked.session_interface is chosen
    assert picked.session_interface is chosen
    assert asked == [plain, picked]  # once per app, then kept on the app
    assert vars(picked)["session_interface"] is chosen

    assigned = seams.UnavailableSessionInterface()
    plain.session_interface = assigned
    assert plain.session_interface is assigned


def test_threads_reading_an_apps_interface_first_share_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[object] = []
    release = threading.Event()

    def configured(app: flask.Flask) -> object:
        release.wait(10)  # keeps the first reader busy choosing
        made.append(seams.UnavailableSessionInterface())
        return made[-1]

    monkeypatch.setattr(_session_interfaces, "configured_session_interface", configured)

    class Owner(flask.Flask):
        session_interface = seams.app_session_interface()

    app = Owner("shared")
    seen: list[object] = []
    readers = [
        threading.Thread(target=lambda: seen.append(app.session_interface))
        for _ in range(4)
    ]
    for reader in readers:
        reader.start()
    time.sleep(0.2)  # let every reader reach the attribute
    release.set()
    for reader in readers:
        reader.join(10)
    assert len(made) == 1
    assert seen == made * 4


def test_without_flask_sessions_no_configuration_selects_an_interface(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = _addons.is_installed
    monkeypatch.setattr(
        _addons, "is_installed", lambda name: name != "flask.sessions" and real(name)
    )
    app = flask.Flask(__name__)
    app.config["SESSION_TYPE"] = "redis"
    assert seams.configured_session_interface(app) is None


def test_lazy_class_attribute_resolves_once_and_can_be_overridden() -> None:
    calls: list[int] = []

    def make() -> list[int]:
        calls.append(1)
        return [len(calls)]

    class Owner:
        value = seams.lazy_class_attribute(make)

    class Child(Owner):
        pass

    assert calls == []
    assert Child.value == [1]
    assert Owner().value == [1]
    assert Owner.__dict__["value"] == [1]
    assert calls == [1]

    instance = Owner()
    instance.value = [42]
    assert instance.value == [42]
    assert Owner.value == [1]

    class Override(Owner):
        value = [7]

    assert Override.value == [7]


def test_signal_hub_registration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(seams, "signal_hub", None)
    hub = types.SimpleNamespace()
    seams.register_signal_hub(hub)  # type: ignore[arg-type]
    assert seams.signal_hub is hub


def test_lazy_core_names_resolve_and_are_cached() -> None:
    from flask import templating

    assert flask.render_template is templating.render_template
    assert flask.stream_template_string is templating.stream_template_string
    assert "render_template" in vars(flask)


@pytest.mark.parametrize("name", sorted(seams.LAZY_PACKAGE_NAMES))
def test_lazy_name_is_served_or_absent(name: str) -> None:
    module_name, attribute = seams.LAZY_PACKAGE_NAMES[name]
    if seams.is_installed(module_name):
        module = importlib.import_module(module_name)
        expected = module if attribute is None else getattr(module, attribute)
        assert hasattr(flask, name)
        assert getattr(flask, name) is expected
        return
    distribution = seams.ADDON_MODULES[module_name]
    marker = object()
    assert not hasattr(flask, name)
    assert getattr(flask, name, marker) is marker
    with pytest.raises(seams.MissingDistributionAttributeError) as attribute_error:
        getattr(flask, name)
    assert attribute_error.value.distribution == distribution
    assert distribution in str(attribute_error.value)
    with pytest.raises(seams.MissingDistributionError) as import_error:
        exec(f"from flask import {name}", {})
    assert import_error.value.distribution == distribution


@pytest.fixture
def fake_lazy_names(fake_addon: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Serve a module and one of its names from an add-on never installed."""
    monkeypatch.setitem(seams.LAZY_PACKAGE_NAMES, "imaginary", (fake_addon, None))
    monkeypatch.setitem(seams.LAZY_PACKAGE_NAMES, "conjure", (fake_addon, "conjure"))


@pytest.mark.usefixtures("fake_lazy_names")
@pytest.mark.parametrize("name", ["imaginary", "conjure"])
def test_lazy_name_of_a_missing_addon_is_absent_to_hasattr_and_getattr(
    name: str,
) -> None:
    assert not hasattr(flask, name)
    assert getattr(flask, name, "default") == "default"
    with pytest.raises(seams.MissingDistributionAttributeError) as info:
        getattr(flask, name)
    assert isinstance(info.value, AttributeError)
    assert info.value.distribution == "flask-imaginary"
    assert info.value.name == name
    assert str(info.value).startswith(
        f"'flask.{name}' is provided by the 'flask-imaginary' distribution"
    )
    assert isinstance(info.value.__cause__, seams.MissingDistributionError)
    assert name not in vars(flask)


@pytest.mark.usefixtures("fake_lazy_names")
@pytest.mark.parametrize(
    "statement",
    [
        "from flask import imaginary",
        "from flask import conjure",
        "import flask.conjure",
    ],
)
def test_importing_a_lazy_name_of_a_missing_addon_names_it(statement: str) -> None:
    with pytest.raises(seams.MissingDistributionError) as info:
        exec(statement, {})
    assert info.value.distribution == "flask-imaginary"


def test_import_errors_inside_an_installed_addon_are_not_hidden(
    tmp_path: t.Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "flask").mkdir()
    (tmp_path / "flask" / "_broken_probe.py").write_text("import _no_such_module\n")
    monkeypatch.setattr(flask, "__path__", [*flask.__path__, str(tmp_path / "flask")])
    monkeypatch.setitem(seams.ADDON_MODULES, "flask._broken_probe", "flask-broken")
    monkeypatch.setitem(
        seams.LAZY_PACKAGE_NAMES, "broken_probe", ("flask._broken_probe", None)
    )
    with pytest.raises(ModuleNotFoundError, match="_no_such_module") as info:
        hasattr(flask, "broken_probe")
    assert not isinstance(info.value, seams.MissingDistributionError)
    sys.modules.pop("flask._broken_probe", None)


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nonexistent'"):
        flask.nonexistent  # noqa: B018


def test_version_attribute_is_deprecated_and_reports_the_api_version() -> None:
    with pytest.warns(DeprecationWarning, match="__version__"):
        version = flask.__version__
    assert version == flask.FLASK_API_VERSION


def test_package_path_is_extended_for_split_installs() -> None:
    assert len(flask.__path__) >= 1
    assert any(p.endswith("flask") for p in flask.__path__)


def test_star_import_includes_lazily_served_names() -> None:
    namespace: dict[str, t.Any] = {}
    exec("from flask import *", namespace)
    assert namespace["Flask"] is flask.Flask
    assert namespace["render_template"] is flask.render_template
    for name, (module_name, _) in seams.LAZY_PACKAGE_NAMES.items():
        assert (name in namespace) == seams.is_installed(module_name)
    # The submodules Flask's ``import flask`` leaves, as its star import does.
    for name in ("app", "blueprints", "config", "ctx", "globals", "typing"):
        assert namespace[name] is sys.modules[f"flask.{name}"]
    assert "seams" not in namespace


def test_is_installed_finds_top_level_modules_without_importing(
    tmp_path: t.Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "probe_top_level_module.py").write_text("raise RuntimeError()\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert seams.is_installed("probe_top_level_module")
    assert "probe_top_level_module" not in sys.modules
    assert not seams.is_installed("probe_module_that_does_not_exist")


def test_require_waits_for_a_module_another_thread_is_importing(
    tmp_path: t.Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two requests using flask.render_template_string for the first time at
    # once: the second must not get flask.templating half initialised.
    import threading

    started, release = threading.Event(), threading.Event()
    (tmp_path / "slow_seam_module.py").write_text(
        "import builtins\n"
        "builtins._seam_test_started.set()\n"
        "builtins._seam_test_release.wait(timeout=30)\n"
        "VALUE = 'complete'\n"
    )
    import builtins

    monkeypatch.setattr(builtins, "_seam_test_started", started, raising=False)
    monkeypatch.setattr(builtins, "_seam_test_release", release, raising=False)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "slow_seam_module", raising=False)
    first = threading.Thread(target=importlib.import_module, args=("slow_seam_module",))
    first.start()
    try:
        assert started.wait(timeout=30)
        seen: list[t.Any] = []
        second = threading.Thread(
            target=lambda: seen.append(
                getattr(seams.require("slow_seam_module"), "VALUE", None)
            )
        )
        second.start()
        second.join(timeout=0.5)  # it waits for the first import to finish
        release.set()
        second.join(timeout=30)
        assert seen == ["complete"]
    finally:
        release.set()
        first.join(timeout=30)
        sys.modules.pop("slow_seam_module", None)
