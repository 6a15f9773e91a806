"""Redshift peer: a real PostgreSQL 15 server behind pgbouncer, for redshift-connector.

What it shows for real: login with user + password, ``SET statement_timeout`` stopping
a query (SQLSTATE 57014), ``pg_cancel_backend`` from a second connection, CTAS tables,
``pg_catalog`` descriptions. What it cannot show: Redshift's sort and dist keys
(PostgreSQL has no ``attsortkeyord``), ``svv_*`` views, TLS (``ssl=False`` here), IAM.

Two stand-in fixes, both scoped to the tests:
- redshift-connector sends Redshift-only startup parameters, which PostgreSQL refuses:
  pgbouncer's ``ignore_startup_parameters`` drops them.
- the driver parses the server's ``server_version`` with ``packaging``, and Debian's
  ``15.x (Debian …)`` is not a valid version for ``packaging>=22``:
  :func:`lenient_server_version` patches the driver's module-level ``version`` name, for
  the peer's lifetime only, to parse the leading ``15.x``. Real Redshift reports
  ``8.0.2``, so users never need it.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cdisql.sources.model import Source
from peers import ServerPeer
from peers._local import free_port, missing, wait_for_port

NAME = "redshift"
USER = "braze_user"
PASSWORD = "rs-Pa55word-d0-not-log"
PASSWORD_ENV = "CDISQL_TEST_REDSHIFT_PASSWORD"
DATABASE = "warehouse"
SCHEMA = "cdi"


def _pg_bin() -> Path | None:
    for version in ("15", "16", "17", "14", "13"):
        path = Path(f"/usr/lib/postgresql/{version}/bin")
        if (path / "initdb").exists():
            return path
    return None


@contextlib.contextmanager
def lenient_server_version() -> Iterator[None]:
    """Let redshift-connector read a Debian PostgreSQL version string (tests only)."""
    import packaging.version
    import redshift_connector.core as core

    def parse(text: str) -> packaging.version.Version:
        match = re.match(r"\d+(\.\d+)*", text.strip())
        return packaging.version.Version(match.group(0) if match else "0")

    shim = types.SimpleNamespace(parse=parse, Version=packaging.version.Version)
    original = core.version
    core.version = shim  # type: ignore[assignment]
    try:
        yield
    finally:
        core.version = original


class RedshiftPeer:
    """PostgreSQL + pgbouncer in a temp dir, on free 127.0.0.1 ports."""

    name = NAME

    def __init__(self) -> None:
        self.root: Path | None = None
        self.pg_port = 0
        self.port = 0
        self._bouncer: subprocess.Popen[bytes] | None = None
        self._stack = contextlib.ExitStack()
        self._as: list[str] = []

    # -- lifecycle ---------------------------------------------------------------------
    def start(self) -> RedshiftPeer:
        bin_dir = _pg_bin()
        if bin_dir is None or shutil.which("pgbouncer") is None:
            missing("PostgreSQL + pgbouncer (the Redshift peer)")
        try:
            import redshift_connector  # noqa: F401
        except ImportError:
            missing("redshift-connector")
        assert bin_dir is not None
        root = Path(tempfile.mkdtemp(prefix="cdisql-redshift-peer-"))
        self.root = root
        if os.geteuid() == 0:  # PostgreSQL and pgbouncer refuse to run as root
            entry = pwd.getpwnam("postgres")
            os.chown(root, entry.pw_uid, entry.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]
        data = root / "data"
        self._run(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth-host=scram-sha-256",
                "--auth-local=trust",
                "-E",
                "UTF8",
            ]
        )
        self.pg_port = free_port()
        self._run(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(root / "pg.log"),
                "-w",
                "-o",
                f"-p {self.pg_port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off",
                "start",
            ]
        )
        self._stack.callback(
            self._run, [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
        )
        self.admin(
            f"CREATE DATABASE {DATABASE};",
            database="postgres",
        )
        self.admin(
            f"CREATE USER {USER} PASSWORD '{PASSWORD}';"
            f"CREATE SCHEMA {SCHEMA};"
            f"GRANT USAGE, CREATE ON SCHEMA {SCHEMA} TO {USER};"
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {SCHEMA} GRANT SELECT ON TABLES TO {USER};"
        )
        self.port = free_port()
        (root / "userlist.txt").write_text(f'"{USER}" "{PASSWORD}"\n')
        (root / "pgbouncer.ini").write_text(
            "[databases]\n"
            f"* = host=127.0.0.1 port={self.pg_port}\n"
            "[pgbouncer]\n"
            f"listen_addr = 127.0.0.1\nlisten_port = {self.port}\n"
            f"auth_type = md5\nauth_file = {root}/userlist.txt\n"
            "pool_mode = session\nunix_socket_dir =\n"
            f"logfile = {root}/pgbouncer.log\n"
            "ignore_startup_parameters = client_protocol_version,driver_version,os_version,"
            "driver_discovery_version,extra_float_digits\n"
        )
        for path in root.iterdir():
            if self._as:
                entry = pwd.getpwnam("postgres")
                os.chown(path, entry.pw_uid, entry.pw_gid)
            if path.name == "userlist.txt":
                path.chmod(0o600)
        self._bouncer = subprocess.Popen(
            [*self._as, "pgbouncer", str(root / "pgbouncer.ini")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._stack.callback(self._stop_bouncer)
        wait_for_port(self.port, process=self._bouncer)
        self._stack.enter_context(lenient_server_version())
        return self

    def stop(self) -> None:
        self._stack.close()
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def _stop_bouncer(self) -> None:
        if self._bouncer is not None and self._bouncer.poll() is None:
            self._bouncer.terminate()
            try:
                self._bouncer.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._bouncer.kill()

    def _run(self, cmd: list[str]) -> None:
        subprocess.run([*self._as, *cmd], check=True, capture_output=True, cwd=self.root)

    # -- data ---------------------------------------------------------------------------
    def admin(self, sql: str, *, database: str = DATABASE) -> str:
        """Run SQL as the superuser over the Unix socket (seeding, grants)."""
        bin_dir = _pg_bin()
        assert bin_dir is not None and self.root is not None
        done = subprocess.run(
            [
                *self._as,
                str(bin_dir / "psql"),
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                str(self.root),
                "-p",
                str(self.pg_port),
                "-U",
                "postgres",
                "-d",
                database,
                "-At",
                "-c",
                sql,
            ],
            check=False,
            capture_output=True,
            text=True,
            cwd=self.root,
        )
        if done.returncode:
            raise RuntimeError(f"psql failed: {done.stderr.strip()}")
        return done.stdout

    def seed(self, tables: dict[str, tuple[str, list[tuple[Any, ...]], str | None]]) -> None:
        """``{name: (column DDL, rows, description)}`` into the peer's schema."""
        statements = []
        for name, (ddl, rows, description) in tables.items():
            statements.append(f"DROP TABLE IF EXISTS {SCHEMA}.{name} CASCADE;")
            statements.append(f"CREATE TABLE {SCHEMA}.{name} ({ddl});")
            if rows:
                values = ", ".join("(" + ", ".join(_literal(v) for v in row) + ")" for row in rows)
                statements.append(f"INSERT INTO {SCHEMA}.{name} VALUES {values};")
            if description:
                statements.append(f"COMMENT ON TABLE {SCHEMA}.{name} IS {_literal(description)};")
        self.admin("".join(statements))

    def source(self, name: str = "rs", *, schema: str = SCHEMA, **settings: Any) -> Source:
        os.environ[PASSWORD_ENV] = PASSWORD
        base: dict[str, Any] = {
            "host": "127.0.0.1",
            "port": self.port,
            "user": USER,
            "password_env": PASSWORD_ENV,
            "ssl": False,
        }
        base.update(settings)
        return Source(name=name, type="redshift", schema=schema, database=DATABASE, settings=base)

    secrets = (PASSWORD,)


def _literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, (int, float)):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


# -- the adapter contract (tests/contract) ------------------------------------------------
class RedshiftContractPeer(ServerPeer[RedshiftPeer]):
    """PostgreSQL behind pgbouncer: timeout and cancel are real here (statement_timeout and
    pg_cancel_backend), nothing faked."""

    name = "redshift"
    kind = "redshift"
    cannot: frozenset[str] = frozenset({"sort_keys"})

    def unavailable(self) -> str | None:
        reason = None
        if _pg_bin() is None or shutil.which("pgbouncer") is None:
            reason = "PostgreSQL + pgbouncer are not installed"
        else:
            try:
                import redshift_connector  # noqa: F401
            except ImportError:
                reason = "redshift-connector is not installed"
        if reason:
            missing(reason)  # fails under CI, skips elsewhere
        return None

    def start_server(self) -> RedshiftPeer:
        return RedshiftPeer().start()

    @contextlib.contextmanager
    def setup(self, tmp_path: Path) -> Iterator[Any]:
        from peers import CONTRACT_ROWS, CONTRACT_TABLE, CONTRACT_TABLE_DESCRIPTION, PeerSetup

        server = self.server()
        server.seed(
            {
                CONTRACT_TABLE: (
                    "external_id VARCHAR(32), n INTEGER NOT NULL",
                    CONTRACT_ROWS,
                    CONTRACT_TABLE_DESCRIPTION,
                )
            }
        )
        server.admin(
            f"COMMENT ON COLUMN {SCHEMA}.{CONTRACT_TABLE}.external_id IS 'Braze external id';"
            f"COMMENT ON COLUMN {SCHEMA}.{CONTRACT_TABLE}.n IS 'row number';"
            f"CREATE OR REPLACE VIEW {SCHEMA}.contract_view AS SELECT * FROM {SCHEMA}.{CONTRACT_TABLE};"
            f"GRANT SELECT ON ALL TABLES IN SCHEMA {SCHEMA} TO {USER};"
        )
        source = server.source("peer-redshift")
        yield PeerSetup(source, env={PASSWORD_ENV: PASSWORD})
        server.admin(
            "DO $$DECLARE r record; BEGIN FOR r IN SELECT tablename FROM pg_tables "
            f"WHERE schemaname = '{SCHEMA}' AND tablename LIKE 'cdisql_segment_%' LOOP "
            f"EXECUTE 'DROP TABLE {SCHEMA}.' || quote_ident(r.tablename); END LOOP; END$$;"
        )

    def slow_segment(self) -> str:
        return "SELECT CAST(pg_sleep(60) AS VARCHAR) AS external_user_id"

    def leftover_tables(self, setup: Any) -> list[str]:
        out = self.server().admin(
            f"SELECT tablename FROM pg_tables WHERE schemaname = '{SCHEMA}' "
            "AND tablename LIKE 'cdisql_segment_%'"
        )
        return [line for line in out.splitlines() if line.strip()]


PEER = RedshiftContractPeer()


# -- an SSH bastion for the tunnel ----------------------------------------------------------
class SshBastion:
    """A real OpenSSH server on a free 127.0.0.1 port: key-only logins for the current
    user, TCP forwarding allowed, its own host key and ``authorized_keys`` file."""

    def __init__(self) -> None:
        self.root: Path | None = None
        self.port = 0
        self.user = pwd.getpwuid(os.geteuid()).pw_name
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def authorized_keys(self) -> Path:
        assert self.root is not None
        return self.root / "authorized_keys"

    def start(self) -> SshBastion:
        sshd = Path("/usr/sbin/sshd")
        if not sshd.exists() or shutil.which("ssh") is None or shutil.which("ssh-keygen") is None:
            missing("the OpenSSH server and client (the Redshift tunnel peer)")
        root = Path(tempfile.mkdtemp(prefix="cdisql-bastion-"))
        self.root = root
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(root / "host_key")],
            check=True,
            capture_output=True,
        )
        self.authorized_keys.write_text("")
        self.authorized_keys.chmod(0o600)
        self.port = free_port()
        (root / "sshd_config").write_text(
            f"Port {self.port}\nListenAddress 127.0.0.1\nHostKey {root}/host_key\n"
            f"PidFile {root}/sshd.pid\nAuthorizedKeysFile {self.authorized_keys}\n"
            "StrictModes no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
            "PubkeyAuthentication yes\nUsePAM no\nPermitRootLogin prohibit-password\n"
            f"AllowUsers {self.user}\nAllowTcpForwarding yes\nX11Forwarding no\n"
        )
        if os.geteuid() == 0:
            os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # privilege separation dir
        self._process = subprocess.Popen(
            [str(sshd), "-D", "-e", "-f", str(root / "sshd_config")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, process=self._process)
        return self

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None
