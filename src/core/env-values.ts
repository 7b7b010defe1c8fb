import { z } from 'zod';

/*
 * Schemas for environment variables, shared by the config and the channel modules: env values
 * are strings, and an empty one means "not set".
 */

/** true/false, 1/0, yes/no, on/off; empty is false. */
export const boolEnv = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', ''].includes(v), 'must be true or false')
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

export const httpUrlEnv = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/** The schema, with an empty or blank value read as unset. */
export const optionalEnv = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());
