import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readYamlFile } from '../../core/yaml-file.js';

/** A ready-made answer an agent can pick and edit before sending. */
export interface CannedReply {
  id: string;
  title: string;
  text: string;
}

const cannedFileSchema = z.strictObject({
  version: z.literal(1, { error: 'must be 1' }),
  replies: z.array(
    z.strictObject({
      id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and -'),
      title: z.string().min(1).max(80),
      text: z.string().min(1).max(4000),
    }),
  ),
});

const CANNED_FILE = /^canned\.([a-z]{2,3}(?:-[A-Z]{2})?)\.yaml$/;

/** Reads every `canned.<lang>.yaml` in the config folder; a broken file stops start-up with file:line. */
export function loadCannedReplies(configDir: string): Map<string, CannedReply[]> {
  const byLanguage = new Map<string, CannedReply[]>();
  if (!existsSync(configDir)) return byLanguage;
  for (const name of readdirSync(configDir).sort()) {
    const match = CANNED_FILE.exec(name);
    if (!match) continue;
    byLanguage.set(match[1]!, readYamlFile(join(configDir, name), name, cannedFileSchema).replies);
  }
  return byLanguage;
}
