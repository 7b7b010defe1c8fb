import { z } from 'zod';

/*
 * Every request part the desk API accepts, in one place: the routes validate with these, and the
 * docs test compares them with docs/openapi.yaml so the documentation cannot drift from the code.
 */

export const chatKey = z
  .string()
  .min(3)
  .max(300)
  .regex(/^[a-z][a-z0-9-]*:.+$/, 'must be a chat key like webchat:abc123');
export const mediaId = z.string().regex(/^[A-Za-z0-9_-]{32}$/, 'must be a file id from an upload');

export const signInBody = z.strictObject({ token: z.string().min(1, 'must not be empty').max(512, 'must be at most 512 characters') });

export const presenceBody = z.strictObject({ presence: z.enum(['online', 'away', 'offline'], { error: 'must be online, away or offline' }) });

export const attachment = z.strictObject({
  contentUrl: z
    .string()
    .min(1)
    .max(2000)
    .regex(/^(\/media\/[A-Za-z0-9_-]{32}|https:\/\/\S+)$/, 'must be an uploaded file (/media/…) or an https URL'),
  contentType: z.string().min(3).max(200),
  name: z.string().max(200).optional(),
});

export const messageBody = z
  .strictObject({
    text: z.string().trim().max(4096, 'must be at most 4096 characters').optional(),
    attachments: z.array(attachment).max(10, 'at most 10 attachments').optional(),
  })
  .refine((b) => (b.text?.length ?? 0) > 0 || (b.attachments?.length ?? 0) > 0, 'needs text or an attachment');

export const transferBody = z.strictObject({
  toAgentId: z.string().min(1).max(100).optional(),
  note: z.string().trim().max(1000, 'must be at most 1000 characters').optional(),
});

/** A chat key of an open chat (standing for its customer) or a customer key: both are `<channel>:<id>`. */
export const customerKey = z
  .string()
  .trim()
  .min(3)
  .max(300)
  .regex(/^[a-z][a-z0-9-]*:\S+$/, 'must be a chat key like webchat:abc123 or a customer key like whatsapp:31612345678@c.us');
export const linkBody = z.strictObject({ with: customerKey });

export const noteBody = z.strictObject({ text: z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters') });

export const emptyBody = z.strictObject({});

export const transcriptQuery = z.object({
  after: z
    .string()
    .regex(/^\d+-\d+$/, 'must be a transcript entry id')
    .optional(),
  limit: z.coerce.number({ error: 'must be a number' }).int().min(1).max(500).optional(),
});

export const cannedQuery = z.object({
  lang: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a language code like nl or en')
    .optional(),
});

/** The supervisor's report: how many calendar days back (today included); figures are kept 35 days. */
export const reportQuery = z.strictObject({
  days: z.coerce
    .number({ error: 'must be a whole number of days' })
    .int('must be a whole number of days')
    .min(1, 'must be at least 1')
    .max(35, 'must be at most 35 (figures are kept 35 days)')
    .default(7),
});

export const uploadHeaders = z.object({
  'x-filename': z
    .string({ error: 'name the file in the X-Filename header (URL-encoded)' })
    .min(1, 'name the file in the X-Filename header (URL-encoded)')
    .max(600)
    .transform((raw, ctx) => {
      try {
        return decodeURIComponent(raw)
          .replace(/[\\/\r\n"]/g, '_')
          .slice(0, 200);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be URL-encoded' });
        return z.NEVER;
      }
    }),
  'content-type': z.string().max(200).optional(),
});

const faqQuestion = z.string().trim().min(3, 'must be at least 3 characters').max(300, 'must be at most 300 characters');
const faqLanguage = z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code such as nl or en');
export const unansweredId = z.string().regex(/^[A-Za-z0-9_-]{16}$/, 'must be the id of a question in the inbox');
export const unansweredQuery = z.object({ lang: faqLanguage.optional() });

/** Add the inbox question (or `question`, edited) as a phrasing of an existing entry. */
export const teachPhrasingBody = z.strictObject({
  entryId: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be the id of an FAQ entry, e.g. opening-hours'),
  question: faqQuestion.optional(),
});

/** A new FAQ entry, with its question and answer in every FAQ language. */
export const teachEntryBody = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case: lower-case letters and digits joined by "-", e.g. bike-repair'),
  texts: z.record(faqLanguage, z.strictObject({ question: faqQuestion, answer: z.string().trim().min(1, 'must not be empty').max(4000, 'must be at most 4000 characters') }), {
    error: 'must map each FAQ language to {question, answer}',
  }),
});

const faqEntryId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case: lower-case letters and digits joined by "-", e.g. bike-repair');
const faqTexts = z.record(
  faqLanguage,
  z.strictObject({ question: faqQuestion, answer: z.string().trim().min(1, 'must not be empty').max(4000, 'must be at most 4000 characters') }),
  {
    error: 'must map FAQ languages to {question, answer}',
  },
);
export const teachDraftId = z.string().uuid('must be the id of a draft');

/** After resolving a chat: add its question as a phrasing of an entry, or a new entry in (at least) the chat's language. */
export const teachDraftBody = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('phrasing'), conversation: chatKey, entryId: faqEntryId, question: faqQuestion, reply: z.string().max(4000).optional() }),
    z.strictObject({ kind: z.literal('entry'), conversation: chatKey, entryId: faqEntryId, texts: faqTexts, reply: z.string().max(4000).optional() }),
  ],
  { error: 'kind must be "phrasing" (add to an existing entry) or "entry" (a new one)' },
);

/** A supervisor's edits on accepting a draft; the languages the agent could not write go in `texts`. */
export const acceptDraftBody = z.strictObject({ entryId: faqEntryId.optional(), question: faqQuestion.optional(), texts: faqTexts.optional() });

/** The request bodies by the name docs/openapi.yaml gives their schema. */
export const documentedBodies = {
  SignIn: signInBody,
  Presence: presenceBody,
  Message: messageBody,
  Attachment: attachment,
  Transfer: transferBody,
  NoteBody: noteBody,
  TeachPhrasing: teachPhrasingBody,
  TeachEntry: teachEntryBody,
  TeachDraft: teachDraftBody,
  AcceptDraft: acceptDraftBody,
  Empty: emptyBody,
} as const;
