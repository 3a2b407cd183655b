"""The application's configuration mapping and the descriptor that exposes
single configuration keys as application attributes."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import types
import typing as t

from werkzeug.utils import import_string

if t.TYPE_CHECKING:
    from .sansio.app import App

T = t.TypeVar("T")

#: ``errno`` values that mean "there is no such file"; ``silent`` loading
#: ignores exactly these and reports every other failure.
_ABSENT_FILE_ERRNOS = frozenset({errno.ENOENT, errno.EISDIR, errno.ENOTDIR})


class ConfigAttribute(t.Generic[T]):
    """Descriptor that mirrors one key of ``app.config`` as an attribute.

    Reading the attribute returns ``app.config[name]``, passed through
    ``get_converter`` when one is given; assigning to it stores the value in
    the config unchanged.
    """

    def __init__(
        self, name: str, get_converter: t.Callable[[t.Any], T] | None = None
    ) -> None:
        self.__name__ = name
        self.get_converter = get_converter

    @t.overload
    def __get__(
        self, obj: None, owner: type[App] | None = None
    ) -> ConfigAttribute[T]: ...

    @t.overload
    def __get__(self, obj: App, owner: type[App] | None = None) -> T: ...

    def __get__(
        self, obj: App | None, owner: type[App] | None = None
    ) -> T | ConfigAttribute[T]:
        if obj is None:
            # Looked up on the class: hand back the descriptor itself.
            return self
        raw = obj.config[self.__name__]
        convert = self.get_converter
        if convert is not None:
            return convert(raw)
        return t.cast(T, raw)

    def __set__(self, obj: App, value: t.Any) -> None:
        obj.config[self.__name__] = value


class Config(dict[str, t.Any]):
    """A ``dict`` of configuration values with helpers that fill it from
    Python files, objects, environment variables and data files.

    Only upper-case keys are taken from those sources, so a config file may
    use lower-case names for its own temporary values. Relative file names
    are resolved against :attr:`root_path`, normally the application's root.
    """

    def __init__(
        self,
        root_path: str | os.PathLike[str],
        defaults: dict[str, t.Any] | None = None,
    ) -> None:
        super().__init__(defaults or {})
        #: The folder that relative file names are resolved against.
        self.root_path = root_path

    # -- environment variables ----------------------------------------------

    def from_envvar(self, variable_name: str, silent: bool = False) -> bool:
        """Load the Python config file whose path is in the environment
        variable ``variable_name`` (see :meth:`from_pyfile`).

        An unset or empty variable raises :exc:`RuntimeError`, or returns
        ``False`` when ``silent`` is true.
        """
        path = os.environ.get(variable_name)
        if path:
            return self.from_pyfile(path, silent=silent)
        if silent:
            return False
        raise RuntimeError(
            f"Cannot load the configuration: the environment variable"
            f" {variable_name!r} is not set. Set it to the path of a"
            " configuration file."
        )

    def from_prefixed_env(
        self, prefix: str = "FLASK", *, loads: t.Callable[[str], t.Any] = json.loads
    ) -> bool:
        """Copy every environment variable named ``{prefix}_KEY`` into the
        config as ``KEY``.

        Each value is first passed to ``loads`` (JSON by default) so that
        numbers, booleans, lists and so on get their type; a value ``loads``
        rejects is kept as the original string. A double underscore in the key
        reaches into nested dicts: ``FLASK_DB__HOST`` sets
        ``config["DB"]["HOST"]``, creating ``config["DB"]`` if needed.
        Variables are applied in sorted order. Always returns ``True``.
        """
        head = f"{prefix}_"
        environ = os.environ
        for name in sorted(environ):
            if not name.startswith(head):
                continue
            self._store_env_value(name[len(head) :], environ[name], loads)
        return True

    def _store_env_value(
        self, key: str, text: str, loads: t.Callable[[str], t.Any]
    ) -> None:
        """Decode ``text`` and store it under ``key``, where each ``__``
        separates the key of a nested dict (created on demand)."""
        path = key.split("__")
        container: t.MutableMapping[str, t.Any] = self
        for step in path[:-1]:
            container = container.setdefault(step, {})
        container[path[-1]] = _decode_or_keep(text, loads)

    # -- files --------------------------------------------------------------

    def _resolve(self, filename: str | os.PathLike[str]) -> str:
        return os.path.join(self.root_path, filename)

    def from_pyfile(
        self, filename: str | os.PathLike[str], silent: bool = False
    ) -> bool:
        """Run a Python file and copy its upper-case globals into the config.

        A relative ``filename`` is taken from :attr:`root_path`. With
        ``silent``, a missing file returns ``False`` instead of raising.
        Returns ``True`` when the file was loaded.
        """
        path = self._resolve(filename)
        namespace = types.ModuleType("config")
        namespace.__file__ = path
        with _reading(path, silent, "rb") as handle:
            if handle is None:
                return False
            source = handle.read()
        exec(compile(source, path, "exec"), namespace.__dict__)
        self.from_object(namespace)
        return True

    def from_file(
        self,
        filename: str | os.PathLike[str],
        load: t.Callable[[t.IO[t.Any]], t.Mapping[str, t.Any]],
        silent: bool = False,
        text: bool = True,
    ) -> bool:
        """Read a data file with ``load`` and merge the mapping it returns
        (see :meth:`from_mapping`).

        ``load`` receives the open file: ``json.load``, ``tomllib.load``
        (pass ``text=False``, it wants bytes) and the like. A relative
        ``filename`` is taken from :attr:`root_path`; with ``silent``, a
        missing file returns ``False`` instead of raising.
        """
        path = self._resolve(filename)
        with _reading(path, silent, "r" if text else "rb") as handle:
            if handle is None:
                return False
            data = load(handle)
        return self.from_mapping(data)

    # -- objects and mappings -----------------------------------------------

    def from_object(self, obj: object | str) -> None:
        """Copy the upper-case attributes of a module, class or any object.

        A string is first imported (``"package.module"`` or
        ``"package.module:Name"`` / ``"package.module.Name"``). Properties on
        a class are read from the class, so pass an instance to evaluate them.
        """
        if isinstance(obj, str):
            obj = import_string(obj)
        for name in dir(obj):
            if name.isupper():
                self[name] = getattr(obj, name)

    def from_mapping(
        self, mapping: t.Mapping[str, t.Any] | None = None, **kwargs: t.Any
    ) -> bool:
        """Merge the upper-case keys of ``mapping`` and of the keyword
        arguments (the latter win). Always returns ``True``."""
        merged: dict[str, t.Any] = dict(mapping) if mapping is not None else {}
        merged.update(kwargs)
        for key, value in merged.items():
            if key.isupper():
                self[key] = value
        return True

    # -- reading --------------------------------------------------------------

    def get_namespace(
        self, namespace: str, lowercase: bool = True, trim_namespace: bool = True
    ) -> dict[str, t.Any]:
        """Collect the entries whose key starts with ``namespace``.

        With ``trim_namespace`` the prefix is removed from the returned keys,
        and with ``lowercase`` they are lower-cased, which makes the result
        handy as keyword arguments::

            app.config["MAIL_HOST"] = "localhost"
            app.config.get_namespace("MAIL_")  # {"host": "localhost"}
        """
        cut = len(namespace) if trim_namespace else 0
        found: dict[str, t.Any] = {}
        for key, value in self.items():
            if not key.startswith(namespace):
                continue
            short = key[cut:]
            found[short.lower() if lowercase else short] = value
        return found

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {dict.__repr__(self)}>"


def _decode_or_keep(text: str, loads: t.Callable[[str], t.Any]) -> t.Any:
    """Return ``loads(text)``, or ``text`` itself if ``loads`` fails."""
    try:
        return loads(text)
    except Exception:  # whatever the loader raises, keep the text
        return text


@contextlib.contextmanager
def _reading(path: str, silent: bool, mode: str) -> t.Iterator[t.IO[t.Any] | None]:
    """Open ``path`` for a config loader.

    Yields ``None`` when the file does not exist and ``silent`` is set. Other
    failures to open are re-raised with the note that a configuration file
    was being loaded, prefixed to the error's ``strerror``.
    """
    try:
        handle = open(path, mode)  # noqa: SIM115 - closed below
    except OSError as error:
        if silent and error.errno in _ABSENT_FILE_ERRNOS:
            yield None
            return
        error.strerror = f"Unable to load configuration file ({error.strerror})"
        raise
    with handle:
        yield handle
