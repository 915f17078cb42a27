"""Kernelspec argv: start one ipykernel inside bubblewrap. Runs as root, outside the sandbox.

    launch_kernel.py {connection_file}

Limits come from LOUPE_* variables in the kernelspec env. Each kernel gets its own uid (held by an
flock inherited by the sandbox, so it is freed when the sandbox dies) so that RLIMIT_NPROC, which
counts per uid, cannot let one kernel's fork bomb starve another. With `--dry-run` it prints the
command as JSON instead of running it.
"""

import fcntl
import json
import os
import sys

SANDBOX_SHIM_DIR = "/opt/loupe"
# /etc entries Python, numpy (BLAS via alternatives), matplotlib and fontconfig need; no secrets.
ETC_ENTRIES = ("alternatives", "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "matplotlibrc",
               "fonts", "localtime", "mime.types", "python3", "python3.11", "ssl/openssl.cnf")


def _env_int(name, default):
    return int(os.environ.get(name, default))


def allocate_uid(lock_dir, base, count):
    """Take the first free uid in [base, base+count) by flock; returns (uid, fd)."""
    os.makedirs(lock_dir, mode=0o700, exist_ok=True)
    for uid in range(base, base + count):
        fd = os.open(os.path.join(lock_dir, "%d.lock" % uid), os.O_RDONLY | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        os.set_inheritable(fd, True)
        return uid, fd
    raise SystemExit("loupe: no free sandbox uid in %d..%d" % (base, base + count - 1))


def _ancestors(path):
    parts = path.strip("/").split("/")[:-1]
    return ["/" + "/".join(parts[: i + 1]) for i in range(len(parts))]


def build_command(conn_path, sock_dir, uid, limits, shim_dir, kernel_env):
    cmd = ["bwrap", "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
           "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--hostname", "sandbox",
           "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64",
           "/lib64", "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin",
           "--perms", "0755", "--dir", "/etc"]
    for entry in ETC_ENTRIES:
        if os.path.exists("/etc/" + entry):
            cmd += ["--ro-bind", "/etc/" + entry, "/etc/" + entry]
    cmd += ["--proc", "/proc", "--dev", "/dev",
            "--perms", "1777", "--size", str(limits["tmp_bytes"]), "--tmpfs", "/tmp",
            "--perms", "0755", "--dir", os.path.dirname(SANDBOX_SHIM_DIR),
            "--ro-bind", shim_dir, SANDBOX_SHIM_DIR,
            ]
    # The sockets must live at the path the server connects to: recreate its ancestors as empty
    # traversable dirs (bwrap would make them 0700) and bind only this kernel's dir.
    for parent in _ancestors(sock_dir):
        if parent == "/tmp":  # already the sandbox's own 1777 tmpfs
            continue
        cmd += ["--perms", "0711", "--dir", parent]
    cmd += ["--bind", sock_dir, sock_dir,
            "--chdir", "/tmp", "--clearenv"]
    for key, value in sorted(kernel_env.items()):
        cmd += ["--setenv", key, value]
    cmd += ["--", "/usr/bin/prlimit",
            "--as=%d" % limits["memory_bytes"], "--cpu=%d" % limits["cpu_seconds"],
            "--nproc=%d" % limits["max_processes"], "--nofile=%d" % limits["max_open_files"],
            "--core=0",
            "/usr/bin/setpriv", "--reuid=%d" % uid, "--regid=%d" % uid, "--clear-groups",
            "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs",
            "/usr/bin/python3", "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", conn_path,
            "--HistoryManager.enabled=False",
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


def main(argv):
    dry_run = "--dry-run" in argv
    args = [a for a in argv[1:] if a != "--dry-run"]
    conn_file = os.path.abspath(args[0])
    with open(conn_file) as f:
        info = json.load(f)
    if info.get("transport") != "ipc":
        raise SystemExit("loupe: sandboxed kernels need transport=ipc (got %r)" % info.get("transport"))
    sock_dir = os.path.dirname(info["ip"])
    runtime_dir = os.path.dirname(conn_file)
    if os.path.dirname(sock_dir) != runtime_dir:
        raise SystemExit("loupe: socket dir %s is not a per-kernel dir of %s" % (sock_dir, runtime_dir))
    limits = {
        "memory_bytes": _env_int("LOUPE_MEMORY_BYTES", 2 << 30),
        "cpu_seconds": _env_int("LOUPE_CPU_SECONDS", 3600),
        "max_processes": _env_int("LOUPE_MAX_PROCESSES", 64),
        "max_open_files": _env_int("LOUPE_MAX_OPEN_FILES", 256),
        "tmp_bytes": _env_int("LOUPE_TMP_BYTES", 512 << 20),
    }
    base, count = _env_int("LOUPE_UID_BASE", 200000), _env_int("LOUPE_UID_COUNT", 1000)
    shim_dir = os.path.dirname(os.path.abspath(__file__))
    if dry_run:
        uid = base
    else:
        uid, _lock_fd = allocate_uid(os.path.join(runtime_dir, "uids"), base, count)
        os.makedirs(sock_dir, exist_ok=True)
        os.chown(sock_dir, uid, uid)
        os.chmod(sock_dir, 0o700)
    kernel_conn = os.path.join(sock_dir, "connection.json")
    cmd = build_command(kernel_conn, sock_dir, uid, limits, shim_dir, kernel_environment())
    if dry_run:
        print(json.dumps({"uid": uid, "argv": cmd}))
        return
    # The kernel reads a private copy: the runtime dir with every kernel's key is never mounted.
    fd = os.open(kernel_conn, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o400)
    with os.fdopen(fd, "w") as f:
        json.dump(info, f)
    os.chown(kernel_conn, uid, uid)
    os.execvp(cmd[0], cmd)


if __name__ == "__main__":
    main(sys.argv)
