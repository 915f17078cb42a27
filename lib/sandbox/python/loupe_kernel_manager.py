"""Jupyter Server side: every kernel talks over IPC sockets in its own directory.

The default IPC path puts all kernels' sockets and connection files side by side in the runtime
dir; a per-kernel directory (under <state>/sockets, which the kernel's uid may traverse, as the
unprivileged bubblewrap must) is what lets the launcher bind exactly one kernel's sockets into its
sandbox (which has no network namespace, so TCP to the server is impossible). The directory is
root's; the launcher mounts a fresh tmpfs for the kernel's sockets over it at every (re)start, and
it is unmounted, never walked, when the kernel goes (the sandbox could have left anything in it).
"""

import os

from jupyter_client.ioloop import AsyncIOLoopKernelManager
from traitlets import default

from launch_kernel import detach_mounts


class SandboxKernelManager(AsyncIOLoopKernelManager):
    @default("transport")
    def _transport_default(self):
        return "ipc"

    @default("ip")
    def _sandbox_ip_default(self):
        if self.transport != "ipc" or not self.connection_file:
            return "127.0.0.1"
        stem = os.path.splitext(os.path.basename(self.connection_file))[0]
        # <state>/sockets/<kernel>: beside the runtime dir, which keeps its 0700 (every kernel's key).
        sockets = os.path.join(os.path.dirname(os.path.dirname(self.connection_file)), "sockets")
        sock_dir = os.path.join(sockets, stem)
        os.makedirs(sock_dir, mode=0o711, exist_ok=True)
        return os.path.join(sock_dir, "k")

    async def _async_cleanup_resources(self, restart=False):
        await super()._async_cleanup_resources(restart=restart)
        if not restart and self.transport == "ipc":
            sock_dir = os.path.dirname(self.ip)
            try:
                detach_mounts(sock_dir)
                os.rmdir(sock_dir)
            except OSError:
                pass  # already gone; a mount left behind goes with the server's mount namespace

    cleanup_resources = _async_cleanup_resources
