"""``coldstart_app.py`` cut into stages, for counting instructions per stage.

``python coldstart_stages.py STAGE`` runs the cold-start scenario up to and
including ``STAGE`` (one of ``STAGES``) and exits; ``coldstart.py`` counts
the instructions of such processes under callgrind, and each stage costs the
difference between the process that stops after it and the one that stops
before it.
"""

import sys

#: The stages, in order: ``nothing`` only starts Python and this script.
STAGES = ("nothing", "import", "create", "client", "template", "json")


def run_until(last_stage: str) -> None:
    """Run the stages of the scenario up to ``last_stage``."""
    stop = STAGES.index(last_stage)
    if stop >= 1:
        import coldstart_app
    if stop >= 2:
        app = coldstart_app.create_app()
    if stop >= 3:
        client = app.test_client()
    if stop >= 4:
        coldstart_app.request_page(client)
    if stop >= 5:
        coldstart_app.request_json(client)


if __name__ == "__main__":
    run_until(sys.argv[1])
