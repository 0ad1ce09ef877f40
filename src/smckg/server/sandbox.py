"""Taking the network away from a query worker: a seccomp filter the kernel enforces.

``deny_network()`` loads a seccomp filter (through libseccomp, by ``pyseccomp``) into the
calling process: from then on ``socket()`` fails with ``EPERM`` for every address family
but ``AF_UNIX`` (the worker's pipe to the web process already exists and is a Unix socket),
and so does ``io_uring_setup``, whose rings could create sockets without that system call.
The filter is inherited by every thread and child and cannot be removed; libseccomp also
sets ``no_new_privs``.  So whatever a query says (``SERVICE``, a crafted comment, an escape
that a parser reads differently), the engine cannot open a connection: it gets the kernel's
refusal, and the listener it aimed at sees nothing.

Why seccomp: it needs no privilege (a network namespace needs ``CAP_SYS_ADMIN`` or user
namespaces, which some distributions disable), and it covers UDP and raw sockets, which
Landlock's network rules (TCP ports only) do not.
"""

from __future__ import annotations

import errno
import socket

import pyseccomp as seccomp

#: System calls refused outright besides non-Unix ``socket()``.
REFUSED_CALLS = ("io_uring_setup",)


def deny_network() -> None:
    """Make the kernel refuse this process any socket but a Unix one, from now on."""
    rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    refuse = seccomp.ERRNO(errno.EPERM)
    rules.add_rule(refuse, "socket", seccomp.Arg(0, seccomp.NE, socket.AF_UNIX))
    for call in REFUSED_CALLS:
        rules.add_rule(refuse, call)
    rules.load()
