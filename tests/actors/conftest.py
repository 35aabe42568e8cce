import pytest

from sabt.actors import import_actors

from .fixture import write_fixture


@pytest.fixture
def actors_case(case, tmp_path):
    """The shared ``case`` with the fixture's actors imported."""
    import_actors(case, write_fixture(tmp_path / "actors"))
    return case
