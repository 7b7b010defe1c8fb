import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { signatureFor } from '../../../src/adapters/whatsapp-cloud/verify.js';

/** The recorded Cloud API webhook bodies (vercel/chat replay fixtures, MIT). */
export const recorded = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/whatsapp-cloud/dm-whatsapp.json'), 'utf8')) as {
  phoneNumberId: string;
  firstMessage: WebhookBody;
  secondMessage: WebhookBody;
  statusUpdate: WebhookBody;
};

export type WebhookBody = {
  object: string;
  entry: {
    id: string;
    changes: {
      field: string;
      value: Record<string, unknown> & { contacts?: unknown[]; messages?: Record<string, unknown>[]; statuses?: unknown[]; metadata: { phone_number_id: string } };
    }[];
  }[];
};

export const APP_SECRET = 'test-app-secret-0123456789abcdef';
export const VERIFY_TOKEN = 'verify-me-please';
export const PHONE_NUMBER_ID = recorded.phoneNumberId;

let seq = 0;
export const nextMessageId = () => `wamid.TEST_${process.pid}_${++seq}`;

export interface DeliveryOptions {
  waId?: string;
  name?: string;
  id?: string;
  phoneNumberId?: string;
}

/** The recorded first message's envelope with `message` (Meta's documented shape) in it. */
export function delivery(message: Record<string, unknown>, options: DeliveryOptions = {}): WebhookBody {
  const body = structuredClone(recorded.firstMessage);
  const value = body.entry[0]!.changes[0]!.value;
  const waId = options.waId ?? '15550002222';
  value.contacts = [{ profile: { name: options.name ?? 'Test User' }, wa_id: waId }];
  value.messages = [{ from: waId, id: options.id ?? nextMessageId(), timestamp: String(Math.floor(Date.now() / 1000)), ...message }];
  if (options.phoneNumberId) value.metadata.phone_number_id = options.phoneNumberId;
  return body;
}

export const textDelivery = (text: string, options: DeliveryOptions = {}) => delivery({ type: 'text', text: { body: text } }, options);

/** Posts `body` to the webhook, signed with `secret` unless a `signature` (or null: none) is given. */
export async function postWebhook(baseUrl: string, body: unknown, options: { secret?: string; signature?: string | null; contentType?: string } = {}): Promise<Response> {
  const raw: string | Buffer = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const signature = options.signature === undefined ? signatureFor(raw, options.secret ?? APP_SECRET) : options.signature;
  return fetch(`${baseUrl}/webhooks/whatsapp`, {
    method: 'POST',
    headers: { 'content-type': options.contentType ?? 'application/json', ...(signature === null ? {} : { 'x-hub-signature-256': signature }) },
    body: typeof raw === 'string' ? raw : new Uint8Array(raw),
  });
}
