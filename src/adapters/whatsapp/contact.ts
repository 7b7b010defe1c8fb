import type { WAClient, WAMessage } from './library.js';

/** The bot's own ids, for mentions in groups. */
export function ownIds(client: WAClient): string[] {
  const wid = (client.info as { wid?: { _serialized?: string } } | undefined)?.wid?._serialized;
  return wid ? [wid] : [];
}

/** The sender's name when the message did not carry one: the contact's push name or saved name. */
export async function contactName(message: WAMessage): Promise<string | undefined> {
  try {
    const contact = await message.getContact();
    return contact?.pushname || contact?.name || contact?.shortName || undefined;
  } catch {
    return undefined;
  }
}
