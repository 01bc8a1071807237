"""The demo served for real (the live server of the browser tests, without a browser)."""

from tests import liveserver

replika_server = liveserver.replika_server
