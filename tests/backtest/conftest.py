import pytest

from realpolitik.backtest.deu import DEFAULT_PATH, read_deu3


@pytest.fixture(scope="session")
def deu():
    if not DEFAULT_PATH.is_file():
        pytest.skip("shared data: DEU III copy not present")
    return read_deu3()
