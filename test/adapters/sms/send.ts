import { BalieError } from '../../../src/core/errors.js';

/** Posts one text to the gateway; a refusal or a network failure is a BalieError with its cause. */
export async function sendText(gatewayUrl: string, to: string, text: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(`${gatewayUrl}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to, text }) });
  } catch (err) {
    throw new BalieError('PLATFORM_UNREACHABLE', 'the SMS gateway could not be reached', { cause: err });
  }
  if (!res.ok) throw new BalieError('PLATFORM_REFUSED', `the SMS gateway refused the text (${res.status})`, { cause: await res.text() });
  return ((await res.json()) as { id: string }).id;
}
