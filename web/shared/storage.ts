// localStorage that never throws: in private mode or with storage blocked, a choice lasts for
// this page only and everything else still works.

export function readStorage(key: string): string | undefined {
  try {
    return localStorage.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

export function writeStorage(key: string, value: string | undefined): void {
  try {
    if (value === undefined) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // no storage: nothing to keep
  }
}
