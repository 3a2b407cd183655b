"""The database connection and the commands that manage it."""

from __future__ import annotations

import sqlite3

import pytest
from shelf.db import connection

import flask
from flask.testing import FlaskCliRunner


def test_one_connection_per_app_context(app: flask.Flask) -> None:
    with app.app_context():
        first = connection()
        assert connection() is first
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        first.execute("SELECT 1")


def test_init_db_command_empties_the_database(
    app: flask.Flask, runner: FlaskCliRunner
) -> None:
    with app.app_context():
        db = connection()
        db.execute("INSERT INTO reader (name, password_hash) VALUES ('x', 'y')")
        db.commit()
    result = runner.invoke(args=["create-db"])
    assert result.exit_code == 0
    assert "Created an empty database." in result.output
    with app.app_context():
        assert connection().execute("SELECT COUNT(*) FROM reader").fetchone()[0] == 0


def test_report_counts_books_per_status(
    app: flask.Flask, runner: FlaskCliRunner
) -> None:
    with app.app_context():
        db = connection()
        db.execute("INSERT INTO reader (name, password_hash) VALUES ('ada', 'x')")
        db.executemany(
            "INSERT INTO book (reader_id, title, status) VALUES (1, ?, ?)",
            [("A", "reading"), ("B", "finished"), ("C", "finished")],
        )
        db.commit()
    result = runner.invoke(args=["shelf-report", "ada"])
    assert result.exit_code == 0
    assert result.output == "to-read: 0\nreading: 1\nfinished: 2\n"


def test_report_names_an_unknown_reader(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["shelf-report", "nobody"])
    assert result.exit_code == 1
    assert "No reader is called 'nobody'." in result.output


def test_statuses_are_checked_by_the_database(app: flask.Flask) -> None:
    with app.app_context():
        db = connection()
        db.execute("INSERT INTO reader (name, password_hash) VALUES ('ada', 'x')")
        with pytest.raises(sqlite3.IntegrityError):
            db.execute(
                "INSERT INTO book (reader_id, title, status) VALUES (1, 'A', 'lost')"
            )
