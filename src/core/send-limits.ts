import { z } from 'zod';
import type { PaceRate } from './send-pace.js';

/*
 * The platforms' sending limits, as balie.yaml's `sendLimits:` section. The defaults are the
 * platforms' documented limits; a business with a raised limit (WhatsApp's 1,000 a second) or a
 * stricter one (a WhatsApp Business app number shared with the Cloud API: 20) writes its own.
 */

const rate = (perSecond: number, burst: number) =>
  z
    .strictObject({
      perSecond: z.number().positive('must be more than 0').max(100_000, 'must be at most 100000'),
      burst: z.number().int('must be a whole number of messages').min(1, 'must be at least 1').max(100_000, 'must be at most 100000'),
    })
    .default({ perSecond, burst });

// A section whose keys are all commented out reads as null in YAML: treat it as empty.
const section = <T extends z.ZodType>(schema: T) => z.preprocess((v) => v ?? {}, schema);

export const sendLimitsSchema = z.strictObject({
  telegram: section(
    z.strictObject({
      // https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this: about
      // 30 messages a second per bot, one a second per chat (short bursts pass), 20 a minute per group.
      perBot: rate(30, 30),
      perChat: rate(1, 3),
      perGroup: rate(20 / 60, 3),
    }),
  ),
  slack: section(
    z.strictObject({
      // https://docs.slack.dev/apis/web-api/rate-limits: chat.postMessage "generally allows posting
      // one message per second per channel, while also maintaining a workspace-wide limit"
      // (short bursts allowed). Slack does not publish the workspace-wide number: ours is a guess
      // well under what bursts reach, for one app in one workspace.
      perApp: rate(10, 20),
      perChannel: rate(1, 3),
    }),
  ),
  whatsappCloud: section(
    z.strictObject({
      // https://developers.facebook.com/documentation/business-messaging/whatsapp/throughput: 80
      // messages a second per business number by default (error 130429 above it; 20 for a number
      // shared with the WhatsApp Business app, up to 1,000 after Meta's upgrade).
      perNumber: rate(80, 80),
      // Meta's pair rate: about one message every 6 s to the same customer, bursts of up to 45
      // borrowed from later (error 131056 above it).
      perCustomer: rate(1 / 6, 45),
    }),
  ),
});

export type SendLimits = z.output<typeof sendLimitsSchema>;

/** The defaults, for adapters built without a config (tests, the bench). */
export const DEFAULT_SEND_LIMITS: SendLimits = sendLimitsSchema.parse({});

export type { PaceRate };
