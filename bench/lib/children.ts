import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

interface Tracked {
  name: string;
  child: ChildProcess;
  /** In a process group of its own (spawned here): ended as a group, grandchildren included. */
  group: boolean;
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/**
 * Every process the bench starts (balie processes, redis-servers, helper processes), so that all
 * of them end on every path: a scenario's own `finally`, a scenario that fails or throws an
 * unhandled error (its scope is ended and the next scenario runs), and the run itself ending,
 * crashing or being interrupted (SIGINT/SIGTERM). Children it spawns get a process group of their
 * own and are ended as a group: SIGTERM, then SIGKILL for whatever is still there after a grace.
 */
export class Children {
  private readonly live = new Set<Tracked>();
  private readonly scopes = new Set<Children>();

  constructor(
    /** Told of every child started (`bench: child <pid> <name>` on stderr in a run), for checks that none is left. */
    private readonly announce: (pid: number, name: string) => void = () => {},
    private readonly parent?: Children,
  ) {}

  /** A registry for one scenario: ending it ends only its children; ending this one ends them too. */
  scope(): Children {
    const scope = new Children(this.announce, this);
    this.scopes.add(scope);
    return scope;
  }

  /** Spawns `command` in a process group of its own and tracks it until it exits. */
  spawn(name: string, command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
    const child = spawn(command, args, { ...options, detached: true });
    this.track({ name, child, group: true });
    return child;
  }

  /** Tracks a child someone else spawned (the test suite's redis-server helper): ended by its pid. */
  adopt(name: string, child: ChildProcess): void {
    this.track({ name, child, group: false });
  }

  /** Pids of the children still running, this scope's and its sub-scopes'. */
  pids(): number[] {
    return [...[...this.live].filter((t) => !exited(t.child)).map((t) => t.child.pid!), ...[...this.scopes].flatMap((s) => s.pids())];
  }

  /** Ends every child (and sub-scope's child) and waits until each has exited. */
  async endAll(graceMs = 5000): Promise<void> {
    await Promise.all([...[...this.scopes].map((s) => s.endAll(graceMs)), ...[...this.live].map((t) => end(t, graceMs))]);
    this.parent?.scopes.delete(this);
  }

  /** For `process.on('exit')`, where nothing can be awaited: SIGKILL to every child left. */
  killAllNow(): void {
    for (const scope of this.scopes) scope.killAllNow();
    for (const t of this.live) signal(t, 'SIGKILL');
  }

  private track(tracked: Tracked): void {
    if (tracked.child.pid === undefined) return;
    this.live.add(tracked);
    this.announce(tracked.child.pid, tracked.name);
    tracked.child.once('exit', () => {
      // A group's leader may exit before its own children: they are ended with the group.
      if (!tracked.group) this.live.delete(tracked);
    });
    tracked.child.once('error', () => {});
  }
}

function signal(t: Tracked, sig: NodeJS.Signals): void {
  try {
    if (t.group) process.kill(-t.child.pid!, sig);
    else if (!exited(t.child)) t.child.kill(sig);
  } catch {
    // Already gone.
  }
}

function groupAlive(t: Tracked): boolean {
  try {
    process.kill(t.group ? -t.child.pid! : t.child.pid!, 0);
    return t.group || !exited(t.child);
  } catch {
    return false;
  }
}

async function end(t: Tracked, graceMs: number): Promise<void> {
  if (!groupAlive(t)) return;
  signal(t, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(t) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (groupAlive(t)) signal(t, 'SIGKILL');
  while (groupAlive(t)) await new Promise((r) => setTimeout(r, 20));
}
