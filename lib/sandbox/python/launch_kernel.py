"""Kernelspec argv: start one ipykernel inside bubblewrap. Runs as root, outside the sandbox.

    launch_kernel.py {connection_file}            start the kernel (execs; never returns)
    launch_kernel.py {connection_file} --dry-run  print the command as JSON instead

Layers, outermost first (docs/security.md):
- Each kernel gets its own uid (held by an flock inherited by the sandbox, so it is freed when the
  sandbox dies), so RLIMIT_NPROC, which counts per uid, cannot let one kernel starve another.
- prlimit: address space, CPU time, processes, open files, file size, no core dumps.
- setpriv drops to that uid with no capabilities and no_new_privs *before* bubblewrap runs, so
  bubblewrap builds the sandbox unprivileged, in a user namespace that maps only that uid, and
  --disable-userns keeps the kernel from making another one.
- bubblewrap: no network, own pid/ipc/uts/cgroup namespaces (the kernel is pid 1: no init), read-only /usr and a few /etc
  entries, size-capped tmpfs for /tmp and /dev/shm, the rest of the root read-only.
- a seccomp filter denying syscalls a notebook never needs and escapes often do.

Nothing the sandbox can write is ever followed by this (root) process: the kernel's connection
file is handed to bubblewrap through a memfd and mounted read-only (no host file at all), and its
socket directory is a fresh tmpfs per launch (nosymfollow, size- and inode-capped), mounted over a
root-owned directory the sandbox cannot replace; whatever a previous kernel left there is
detached, never opened. (These mounts live in the Jupyter Server's own mount namespace, made by
the app, so they vanish with it.)
"""

import ctypes
import errno
import fcntl
import json
import os
import stat
import sys

SANDBOX_SHIM_DIR = "/opt/loupe"
# The modules the kernel imports from SANDBOX_SHIM_DIR, each handed over as a read-only copy.
KERNEL_MODULES = ("loupe_kernel_app.py", "bootstrap.py", "loupe_kernel.py", "loupe_provenance.py",
                  "faithful.py")
# Where the kernel sees its connection file and sockets (inside the sandbox only).
KERNEL_RUN_DIR = "/run/loupe"
KERNEL_CONNECTION = KERNEL_RUN_DIR + "/connection.json"
KERNEL_SOCK_DIR = KERNEL_RUN_DIR + "/sock"
# /etc entries Python, numpy (BLAS via alternatives), matplotlib and fontconfig need; no secrets.
ETC_ENTRIES = ("alternatives", "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "matplotlibrc",
               "fonts", "localtime", "mime.types", "python3", "python3.11", "ssl/openssl.cnf")
# The socket tmpfs holds five sockets; a little room, no room for data.
SOCK_TMPFS_OPTIONS = "size=64k,nr_inodes=32,mode=0700,uid={uid},gid={uid}"
SOCK_TMPFS_SOURCE = b"loupe-kernel-sockets"

# Denied with EPERM (Python raises PermissionError): kernel attack surface a notebook never uses.
DENIED_SYSCALLS = (
    "ptrace", "process_vm_readv", "process_vm_writev",
    "mount", "umount2", "pivot_root", "move_mount", "open_tree", "fsopen", "fsconfig", "fsmount",
    "fspick", "mount_setattr", "unshare", "setns",
    "keyctl", "add_key", "request_key",
    "bpf", "perf_event_open", "userfaultfd",
    "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module",
    "open_by_handle_at", "name_to_handle_at",
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    "swapon", "swapoff", "reboot", "syslog", "acct", "quotactl",
)
# clone() with any namespace flag is denied too; clone3() hides its flags from seccomp in a
# struct, so it answers ENOSYS and the C library falls back to clone() (as Docker's profile does).
CLONE_NAMESPACE_FLAGS = (0x00020000, 0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000,
                         0x40000000, 0x00000080)  # NEWNS CGROUP UTS IPC USER PID NET TIME

MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_NOSYMFOLLOW = 0x2, 0x4, 0x8, 0x100
MNT_DETACH, UMOUNT_NOFOLLOW = 0x2, 0x8

_libc = ctypes.CDLL(None, use_errno=True)


def _env_int(name, default):
    return int(os.environ.get(name, default))


def allocate_uid(lock_dir, base, count):
    """Take the first free uid in [base, base+count) by flock; returns (uid, fd)."""
    os.makedirs(lock_dir, mode=0o700, exist_ok=True)
    for uid in range(base, base + count):
        fd = os.open(os.path.join(lock_dir, "%d.lock" % uid),
                     os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        os.set_inheritable(fd, True)
        return uid, fd
    raise SystemExit("loupe: no free sandbox uid in %d..%d" % (base, base + count - 1))


def detach_mounts(path):
    """Lazily unmount everything stacked on `path` (no-op when nothing is mounted there)."""
    while _libc.umount2(os.fsencode(path), MNT_DETACH | UMOUNT_NOFOLLOW) == 0:
        pass
    err = ctypes.get_errno()
    if err not in (errno.EINVAL, errno.ENOENT):
        raise OSError(err, "could not unmount %s: %s" % (path, os.strerror(err)))


def mount_socket_dir(sock_dir, uid):
    """A fresh, capped, symlink-proof tmpfs for this launch's sockets, owned by the kernel's uid."""
    detach_mounts(sock_dir)  # what the previous kernel left (symlinks, files) goes with its mount
    st = os.lstat(sock_dir)
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != 0 or st.st_mode & 0o022:
        raise SystemExit("loupe: %s must be a directory owned by root and writable only by it" % sock_dir)
    flags = MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOSYMFOLLOW
    options = SOCK_TMPFS_OPTIONS.format(uid=uid).encode()
    if _libc.mount(SOCK_TMPFS_SOURCE, os.fsencode(sock_dir), b"tmpfs", flags, options) != 0:
        err = ctypes.get_errno()
        raise SystemExit("loupe: could not mount the kernel's socket dir (%s)" % os.strerror(err))


def seccomp_program():
    """The filter as BPF bytes (python3-seccomp, run here outside the sandbox)."""
    try:
        import seccomp  # Debian's python3-seccomp
    except ImportError:
        raise SystemExit("loupe: python3-seccomp is not installed (apt-get install python3-seccomp)")
    f = seccomp.SyscallFilter(defaction=seccomp.ALLOW)  # other architectures: killed (libseccomp)
    for name in DENIED_SYSCALLS:
        try:
            f.add_rule(seccomp.ERRNO(errno.EPERM), name)
        except (RuntimeError, ValueError):
            pass  # a syscall this architecture does not have
    for flag in CLONE_NAMESPACE_FLAGS:
        f.add_rule(seccomp.ERRNO(errno.EPERM), "clone", seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag))
    f.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    read, write = os.pipe()
    with os.fdopen(write, "wb") as out:
        f.export_bpf(out)
    with os.fdopen(read, "rb") as src:
        return src.read()


def data_fd(data):
    """An inheritable memfd holding `data`, read by bubblewrap (no file on any disk)."""
    fd = os.memfd_create("loupe", 0)
    os.write(fd, data)
    os.lseek(fd, 0, os.SEEK_SET)
    os.set_inheritable(fd, True)
    return fd


def build_command(sock_dir, fds, uid, limits, kernel_env):
    cmd = ["/usr/bin/prlimit",
           "--as=%d" % limits["memory_bytes"], "--cpu=%d" % limits["cpu_seconds"],
           "--nproc=%d" % limits["max_processes"], "--nofile=%d" % limits["max_open_files"],
           "--fsize=%d" % limits["file_bytes"], "--core=0", "--",
           "/usr/bin/setpriv", "--reuid=%d" % uid, "--regid=%d" % uid, "--clear-groups",
           "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--",
           "/usr/bin/bwrap", "--unshare-user", "--disable-userns", "--uid", str(uid), "--gid", str(uid),
           # --as-pid-1: no bubblewrap init inside, since the kernel (same uid) could write an init's
           # memory through /proc/1/mem and run outside the seccomp filter; the kernel reaps instead.
           "--unshare-net", "--unshare-pid", "--as-pid-1", "--unshare-ipc", "--unshare-uts",
           "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--hostname", "sandbox",
           "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64",
           "/lib64", "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin",
           "--perms", "0755", "--dir", "/etc"]
    for entry in ETC_ENTRIES:
        if os.path.exists("/etc/" + entry):
            cmd += ["--ro-bind", "/etc/" + entry, "/etc/" + entry]
    cmd += ["--proc", "/proc", "--dev", "/dev",
            "--perms", "1777", "--size", str(limits["shm_bytes"]), "--tmpfs", "/dev/shm",
            "--perms", "1777", "--size", str(limits["tmp_bytes"]), "--tmpfs", "/tmp",
            "--perms", "0755", "--dir", SANDBOX_SHIM_DIR,
            ]
    # Copies, not a bind of the app's source dir: bubblewrap runs unprivileged and the app's dir
    # need not be readable by the kernel's uid.
    for name in KERNEL_MODULES:
        cmd += ["--perms", "0444", "--ro-bind-data", str(fds[name]), SANDBOX_SHIM_DIR + "/" + name]
    cmd += ["--perms", "0755", "--dir", KERNEL_RUN_DIR,
            "--bind", sock_dir, KERNEL_SOCK_DIR,
            "--perms", "0444", "--ro-bind-data", str(fds["connection"]), KERNEL_CONNECTION,
            # Last: what bubblewrap made (/, /dev, /etc, /run) becomes read-only.
            "--remount-ro", "/dev", "--remount-ro", "/",
            "--seccomp", str(fds["seccomp"]),
            "--chdir", "/tmp", "--clearenv"]
    for key, value in sorted(kernel_env.items()):
        cmd += ["--setenv", key, value]
    cmd += ["--", "/usr/bin/python3", "-Xfrozen_modules=off", "-m", "loupe_kernel_app",
            "-f", KERNEL_CONNECTION, "--HistoryManager.enabled=False",
            "--IPKernelApp.exec_files=%s/bootstrap.py" % SANDBOX_SHIM_DIR]
    return cmd


def kernel_environment():
    env = {
        "HOME": "/tmp",
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "PYTHONPATH": SANDBOX_SHIM_DIR,
        "MPLCONFIGDIR": "/tmp/.matplotlib",
        "MPLBACKEND": "Agg",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        # Tells the bootstrap it is alone in a pid namespace, so reaping with kill(-1) is safe.
        "LOUPE_KERNEL_SANDBOXED": "1",
        # One BLAS thread: threads count against RLIMIT_NPROC and the CPUs are shared.
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    for key, value in os.environ.items():
        if key.startswith("LOUPE_KERNEL_"):
            env[key] = value
    return env


def kernel_connection_info(info):
    """The server's connection info, with the socket path as the kernel sees it."""
    return dict(info, ip=KERNEL_SOCK_DIR + "/k")


def main(argv):
    dry_run = "--dry-run" in argv
    args = [a for a in argv[1:] if a != "--dry-run"]
    conn_file = os.path.abspath(args[0])
    # The server's connection file lives in its private runtime dir, never in the sandbox.
    fd = os.open(conn_file, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    with os.fdopen(fd) as f:
        info = json.load(f)
    if info.get("transport") != "ipc":
        raise SystemExit("loupe: sandboxed kernels need transport=ipc (got %r)" % info.get("transport"))
    sock_dir = os.path.dirname(info["ip"])
    runtime_dir = os.path.dirname(conn_file)
    sockets_dir = os.path.join(os.path.dirname(runtime_dir), "sockets")
    if os.path.dirname(sock_dir) != sockets_dir:
        raise SystemExit("loupe: socket dir %s is not a per-kernel dir of %s" % (sock_dir, sockets_dir))
    tmp_bytes = _env_int("LOUPE_TMP_BYTES", 512 << 20)
    limits = {
        "memory_bytes": _env_int("LOUPE_MEMORY_BYTES", 2 << 30),
        "cpu_seconds": _env_int("LOUPE_CPU_SECONDS", 3600),
        "max_processes": _env_int("LOUPE_MAX_PROCESSES", 64),
        "max_open_files": _env_int("LOUPE_MAX_OPEN_FILES", 256),
        "tmp_bytes": tmp_bytes,
        "shm_bytes": min(tmp_bytes, 64 << 20),
        # No single file may outgrow the tmpfs it could be written to.
        "file_bytes": tmp_bytes,
    }
    base, count = _env_int("LOUPE_UID_BASE", 200000), _env_int("LOUPE_UID_COUNT", 1000)
    shim_dir = os.path.dirname(os.path.abspath(__file__))
    names = ("connection", "seccomp") + KERNEL_MODULES
    if dry_run:
        uid, fds = base, {name: 3 + i for i, name in enumerate(names)}
    else:
        uid, _lock_fd = allocate_uid(os.path.join(runtime_dir, "uids"), base, count)
        mount_socket_dir(sock_dir, uid)
        fds = {
            "connection": data_fd(json.dumps(kernel_connection_info(info)).encode()),
            "seccomp": data_fd(seccomp_program()),
        }
        for name in KERNEL_MODULES:
            with open(os.path.join(shim_dir, name), "rb") as f:
                fds[name] = data_fd(f.read())
    cmd = build_command(sock_dir, fds, uid, limits, kernel_environment())
    if dry_run:
        print(json.dumps({"uid": uid, "argv": cmd}))
        return
    # Nothing of the server's environment (its token) reaches even bubblewrap's own process.
    os.execve(cmd[0], cmd, {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})


if __name__ == "__main__":
    main(sys.argv)
