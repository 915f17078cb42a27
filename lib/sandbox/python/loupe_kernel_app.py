"""The kernel's entry point inside the sandbox: ipykernel's launcher, except that it leaves its
connection file alone. The launcher hands that file over read-only (so nothing the kernel does can
change what a privileged process would read), and ipykernel would rewrite it at start."""

import sys

if __name__ == "__main__":
    # As ipykernel_launcher does: the working directory is not an import path.
    if sys.path[0] == "":
        del sys.path[0]

    from ipykernel.kernelapp import IPKernelApp

    class SandboxKernelApp(IPKernelApp):
        def write_connection_file(self):
            pass  # written by the launcher, mounted read-only

        def cleanup_connection_file(self):
            self.cleanup_ipc_files()

    SandboxKernelApp.launch_instance()
