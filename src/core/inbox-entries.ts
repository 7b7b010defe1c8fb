import type { Activity } from 'botbuilder-core';

/**
 * An inbox entry's id, as this process names it: the id carries the time the message was stored,
 * so the age of what waits costs no Redis field.
 */
export function newEntryId(instance: string, serial: number, now: number): string {
  return `${instance}.${serial.toString(36)}.${now.toString(36)}`;
}

/** When the ingress stored the entry (its id says so); undefined for entries named otherwise. */
export function receivedAtOf(entryId: string): number | undefined {
  const parts = entryId.split('.');
  if (parts.length !== 3) return undefined;
  const at = Number.parseInt(parts[2]!, 36);
  return Number.isFinite(at) ? at : undefined;
}

/** Where a message stored by this process waits for its turn; the newline cannot occur in a conversation key. */
export function localKey(conversationKey: string, entryId: string): string {
  return `${conversationKey}\n${entryId}`;
}

/** An activity stored by another process: JSON turned the timestamp into a string. */
export function reviveActivity(json: string): Partial<Activity> {
  const activity = JSON.parse(json) as Partial<Activity> & { timestamp?: Date | string };
  if (typeof activity.timestamp === 'string') activity.timestamp = new Date(activity.timestamp);
  return activity;
}
