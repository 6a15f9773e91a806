"""An SSH tunnel to a private Redshift cluster, through a bastion host.

The tunnel is the system's own OpenSSH client (``ssh -N -L``) run as a child process:
no extra Python dependency, the user's ``known_hosts`` and ssh config apply, and
host-key checking stays on (``StrictHostKeyChecking=accept-new`` trusts a bastion the
first time only). The key is the one ``cdisql keys generate SOURCE`` created; its
public half goes into the tunnel user's ``~/.ssh/authorized_keys``.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from cdisql.sources.base import ConnectError


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class SshTunnel:
    """``127.0.0.1:local_port`` forwarded to ``remote_host:remote_port`` via the bastion."""

    ssh_host: str
    ssh_user: str
    key_file: Path
    remote_host: str
    remote_port: int
    ssh_port: int = 22
    connect_timeout_s: int = 20
    ssh_binary: str = "ssh"
    known_hosts_file: Path | None = None
    """Where the bastion's host key is checked and kept (default: the user's known_hosts)."""
    local_port: int = 0
    _process: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)

    def command(self) -> list[str]:
        return [
            self.ssh_binary,
            "-N",
            "-L",
            f"127.0.0.1:{self.local_port}:{self.remote_host}:{self.remote_port}",
            "-i",
            str(self.key_file),
            "-p",
            str(self.ssh_port),
            "-o",
            "BatchMode=yes",
            "-o",
            "ExitOnForwardFailure=yes",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "StrictHostKeyChecking=accept-new",
            "-o",
            f"ConnectTimeout={self.connect_timeout_s}",
            "-o",
            "ServerAliveInterval=30",
            *(
                ["-o", f"UserKnownHostsFile={self.known_hosts_file}"]
                if self.known_hosts_file
                else []
            ),
            f"{self.ssh_user}@{self.ssh_host}",
        ]

    def open(self) -> int:
        """Start the tunnel and wait until the local port accepts; returns the local port."""
        if shutil.which(self.ssh_binary) is None:
            raise ConnectError(
                "the SSH tunnel needs the OpenSSH client (ssh), which is not installed",
                hint="install openssh-client, or connect without ssh_host",
            )
        if not self.local_port:
            self.local_port = free_port()
        self._process = subprocess.Popen(
            self.command(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + self.connect_timeout_s + 5
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                said = (self._process.stderr.read() if self._process.stderr else b"").decode(
                    "utf-8", "replace"
                )
                self._process = None
                raise ConnectError(
                    f"ssh: the tunnel to {self.ssh_user}@{self.ssh_host} failed: "
                    f"{said.strip().splitlines()[-1] if said.strip() else 'ssh exited'}",
                    hint="add the public key from `cdisql keys generate SOURCE` to the tunnel "
                    "user's ~/.ssh/authorized_keys and check ssh_host, ssh_port and ssh_user",
                )
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.local_port), timeout=0.5),
            ):
                return self.local_port
            time.sleep(0.1)
        self.close()
        raise ConnectError(f"ssh: the tunnel to {self.ssh_host} did not open in time")

    def close(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
            if process.poll() is None:
                process.kill()
