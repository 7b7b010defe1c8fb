/** Several calls in a burst cost one run, and a run never overlaps the one before. */
export function debounce(fn: () => Promise<unknown> | unknown, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<unknown> | unknown;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      await running;
      running = fn();
    }, ms);
  };
}
