"""Jupyter Server side: every kernel talks over IPC sockets in its own directory.

The default IPC path puts all kernels' sockets and connection files side by side in the runtime
dir; a per-kernel directory is what lets the launcher bind exactly one kernel's sockets into its
sandbox (which has no network namespace, so TCP to the server is impossible).
"""

import os
import shutil

from jupyter_client.ioloop import AsyncIOLoopKernelManager
from traitlets import default


class SandboxKernelManager(AsyncIOLoopKernelManager):
    @default("transport")
    def _transport_default(self):
        return "ipc"

    @default("ip")
    def _sandbox_ip_default(self):
        if self.transport != "ipc" or not self.connection_file:
            return "127.0.0.1"
        stem = os.path.splitext(os.path.basename(self.connection_file))[0]
        sock_dir = os.path.join(os.path.dirname(self.connection_file), "sock-" + stem)
        os.makedirs(sock_dir, mode=0o711, exist_ok=True)
        return os.path.join(sock_dir, "k")

    async def _async_cleanup_resources(self, restart=False):
        await super()._async_cleanup_resources(restart=restart)
        if not restart and self.transport == "ipc":
            shutil.rmtree(os.path.dirname(self.ip), ignore_errors=True)

    cleanup_resources = _async_cleanup_resources
