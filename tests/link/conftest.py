import pytest
from link_lists import make_lists


@pytest.fixture
def two_lists(tmp_path):
    return make_lists(tmp_path)
