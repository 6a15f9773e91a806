"""Secrets out of every log line: short ones too, at the handler, whatever logger writes."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from cdisql.logs import configure
from cdisql.sources import credentials
from cdisql.sources.errors import scrub


@pytest.fixture(autouse=True)
def clean_logging() -> Iterator[None]:
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    yield
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])
    for name in ("cdisql", "pygls", "redshift_connector", "snowflake.connector"):
        logging.getLogger(name).setLevel(logging.NOTSET)


def test_a_short_secret_is_scrubbed_where_it_stands_alone() -> None:
    said = scrub('FATAL: password "ab1" rejected for ab1 (ab12 is a table)', ["ab1"])
    assert "ab1 " not in said and '"ab1"' not in said and "for ab1" not in said
    assert "ab12 is a table" in said  # a longer word holding it is left alone


def _secret_from_env(monkeypatch: pytest.MonkeyPatch, value: str) -> str:
    monkeypatch.setenv("TEST_PW", value)
    return credentials.env_secret("TEST_PW", what="password", setting_name="password_env")


def test_a_driver_logger_cannot_write_a_secret_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    short = _secret_from_env(monkeypatch, "pw1")
    out = io.StringIO()
    configure(out, spec="DEBUG,redshift_connector=DEBUG")
    driver = logging.getLogger("redshift_connector.core")
    driver.debug("startup packet: user=alice secret %s", short)
    driver.error('server error: password authentication failed, got "%s"', short)
    try:
        raise RuntimeError(f"connection refused for {short}")
    except RuntimeError:
        driver.exception("connect failed")
    text = out.getvalue()
    assert "pw1" not in text
    assert "startup packet" in text and "password authentication failed" in text
    assert "Traceback" in text and "connection refused for ***" in text


def test_debug_for_cdisql_keeps_third_party_loggers_at_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    secret = _secret_from_env(monkeypatch, "s3cr3t-password-value")
    out = io.StringIO()
    configure(out, spec="DEBUG")
    driver = logging.getLogger("snowflake.connector.network")
    driver.setLevel(logging.DEBUG)  # as a driver may do for itself
    driver.debug("login body: %s", secret)
    driver.info("session opened")
    logging.getLogger("cdisql.sources").debug("connecting")
    driver.warning("retrying with %s", secret)
    text = out.getvalue()
    assert "login body" not in text and "session opened" not in text
    assert "connecting" in text
    assert "retrying with ***" in text and secret not in text
