import type { TranscriptEntry } from '../core/storage/transcript.js';
import type { CustomerRef } from './types.js';

// What channels call a customer who gave no name: no way to tell two of them apart.
const GENERIC_NAMES = new Set(['customer', 'klant', 'user', 'gebruiker']);
const PHONE = /^\+?\d{7,15}$/;
const QUESTION_WORDS = 6;
const QUESTION_CHARS = 40;

/** The digits of a WhatsApp id (`31612345678@c.us`, `31612345678`), when it is a phone number. */
function phoneOf(customer: CustomerRef): string | undefined {
  if (!customer.channelId.startsWith('whatsapp')) return undefined;
  const digits = customer.userId.replace(/@.*$/, '');
  return PHONE.test(digits) ? digits.replace(/^\+/, '') : undefined;
}

/** "“Do you repair e-bikes…”": the first words of a question, quoted. */
export function questionLabel(text: string): string | undefined {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  if (words.length === 0) return undefined;
  let out = words.slice(0, QUESTION_WORDS).join(' ');
  let cut = words.length > QUESTION_WORDS;
  if (out.length > QUESTION_CHARS) {
    out = out.slice(0, QUESTION_CHARS).trimEnd();
    cut = true;
  }
  out = out.replace(/[?.!,;:]+$/, '');
  return `“${out}${cut ? '…' : ''}”`;
}

/** The customer's first words to the bot (not a button press), from the conversation's transcript. */
export function firstQuestion(transcript: TranscriptEntry[]): string | undefined {
  return transcript.find((e) => e.role === 'customer' && e.text?.trim() && !e.text.startsWith('balie:'))?.text;
}

/**
 * How agents tell this customer from others in every list (the console, the Slack desk): the name
 * the channel gives (Telegram first and last name, WhatsApp push name), else the last digits of a
 * phone number (never the whole number), else the first words of their first question (an anonymous
 * web chat visitor). Undefined when there is nothing to go on.
 */
export function customerLabel(customer: CustomerRef, question?: string): string | undefined {
  const phone = phoneOf(customer);
  const name = customer.name?.trim();
  const digitsOfName = name?.replace(/[\s()-]/g, '');
  if (name && !GENERIC_NAMES.has(name.toLowerCase()) && name !== customer.userId && !(digitsOfName && PHONE.test(digitsOfName))) return name;
  if (phone) return `…${phone.slice(-4)}`;
  if (digitsOfName && PHONE.test(digitsOfName)) return `…${digitsOfName.slice(-4)}`;
  return question ? questionLabel(question) : undefined;
}

/** Whether the label needs the transcript (nothing better to go on). */
export function needsQuestion(customer: CustomerRef): boolean {
  return customerLabel(customer) === undefined;
}
