/** How much one turn moves the channel's average turn time. */
const TURN_TIME_WEIGHT = 0.2;

/**
 * Recent time from a turn's start to its commit, per channel (a moving average): what a message
 * stored now will wait, and what /metrics reports as the expected wait.
 */
export class TurnTimes {
  private readonly ms = new Map<string, number>();

  note(channel: string, ms: number): void {
    const previous = this.ms.get(channel);
    this.ms.set(channel, previous === undefined ? ms : previous + TURN_TIME_WEIGHT * (ms - previous));
  }

  /**
   * How long a message stored now behind `depth - 1` others of its conversation waits for its
   * answer: each turn ahead takes about as long as the channel's recent turns (which, when
   * replies queue for the platform's pace, is mostly that queue).
   */
  estimateWaitMs(channel: string, depth = 1): number {
    return depth * (this.ms.get(channel) ?? 0);
  }

  secondsPerChannel(): Record<string, number> {
    const seconds: Record<string, number> = {};
    for (const [channel, ms] of this.ms) seconds[channel] = ms / 1000;
    return seconds;
  }
}
