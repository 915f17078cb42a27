# Loaded by the Jupyter Server the app starts (`--config`): only the sandboxed kernelspec, IPC
# kernels in per-kernel directories, nothing else exposed (no terminals, no native kernel).
c = get_config()  # noqa: F821 (injected by traitlets)
c.KernelManager.transport = "ipc"
c.MappingKernelManager.kernel_manager_class = "loupe_kernel_manager.SandboxKernelManager"
c.AsyncMappingKernelManager.kernel_manager_class = "loupe_kernel_manager.SandboxKernelManager"
c.MappingKernelManager.default_kernel_name = "loupe"
c.KernelSpecManager.ensure_native_kernel = False
c.KernelSpecManager.allowed_kernelspecs = {"loupe"}
c.ServerApp.terminals_enabled = False
c.ServerApp.open_browser = False
c.ServerApp.allow_root = True
c.ServerApp.port_retries = 0
