import type { Activity } from 'botbuilder-core';
import { z } from 'zod';

export const SMS_CHANNEL = 'sms';
/** Three concatenated SMS segments; longer replies are split. */
export const SMS_MAX_LENGTH = 459;

/** What the gateway POSTs for one incoming text. */
export const inboundSchema = z.strictObject({
  id: z.string().min(1).max(100),
  from: z.string().regex(/^\+\d{6,15}$/, 'must be a phone number in international form, like +31612345678'),
  text: z.string().min(1).max(2000),
});
export type InboundText = z.output<typeof inboundSchema>;

export function toActivity(text: InboundText): Partial<Activity> {
  return {
    id: text.id,
    text: text.text,
    from: { id: text.from, name: text.from },
    conversation: { id: text.from, isGroup: false, conversationType: 'personal', name: text.from },
  };
}
