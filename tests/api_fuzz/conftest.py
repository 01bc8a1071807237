"""The API fuzzing runs against its own live server (no pytest-django database).

Its own copy of the database: the fuzzer writes random (valid) settings, which must not
change what the browser tests see when both run in one xdist worker.
"""

from collections.abc import Iterator

import pytest

from tests import liveserver


@pytest.fixture(scope="session")
def replika_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[liveserver.LiveServer]:
    site = liveserver.live_site(tmp_path_factory)
    with liveserver.serve(site, tmp_path_factory.mktemp("fuzz")) as server:
        yield server
