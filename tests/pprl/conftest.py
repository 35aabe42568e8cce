import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "link"))


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "coalition.key"
    path.write_text("5f" * 32 + "\n")
    return path
