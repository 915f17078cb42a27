// Child process groups the app must never leave behind: killed when Node exits or is signalled.
// `exit` handlers must be synchronous, so this only sends SIGKILL; graceful stops happen earlier.

const groups = new Set<number>();
let installed = false;

export function trackProcessGroup(pgid: number): () => void {
  install();
  groups.add(pgid);
  return () => groups.delete(pgid);
}

export function killTrackedGroups(): void {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // already gone: nothing to clean up
    }
  }
  groups.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on("exit", killTrackedGroups);
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
    const onSignal = (): void => {
      killTrackedGroups();
      // If nobody else handles the signal, restore the default so the process still ends.
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}
