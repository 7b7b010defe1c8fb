import type { Activity } from 'botbuilder-core';
import { z } from 'zod';

export const WEBCHAT_CHANNEL = 'webchat';
/** The longest message a customer may type (and the longest the page shows as one). */
export const MAX_TEXT = 4000;

const locale = z
  .string()
  .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'must be a language tag such as nl-NL or en')
  .optional();

export const createConversationSchema = z.strictObject({
  locale,
  name: z.string().trim().min(1).max(80).optional(),
});

export const postMessageSchema = z
  .strictObject({
    /** Made by the browser per message, so a retried POST is recognised as the same message. */
    clientMessageId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 characters of letters, digits, _ or -'),
    text: z.string().trim().min(1, 'must not be empty').max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`).optional(),
    /** A pressed button: its value. */
    value: z.string().trim().min(1).max(200).optional(),
    locale,
    name: z.string().trim().min(1).max(80).optional(),
  })
  .refine((b) => b.text !== undefined || b.value !== undefined, { message: 'needs text or value', path: ['text'] });

export type PostMessage = z.output<typeof postMessageSchema>;

export const conversationIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'is not a web chat conversation id');

/** A browser's message as a botbuilder Activity. The browser is the user: one user per conversation. */
export function toActivity(conversationId: string, body: PostMessage): Partial<Activity> {
  const text = body.text ?? body.value;
  return {
    type: 'message',
    id: body.clientMessageId,
    text,
    value: body.value !== undefined ? { action: body.value } : undefined,
    locale: body.locale,
    from: { id: `webchat-user-${conversationId}`, name: body.name ?? 'Customer', role: 'user' },
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: 'web chat' },
    channelData: { clientMessageId: body.clientMessageId },
  };
}
