import { createHash } from 'node:crypto';
import { adapterContract, type ChannelHarness } from '../adapter.contract.js';
import { dmEvent, postSigned, seen, startSlackEnv, type SlackTestEnv } from './driver.js';

/** Slack driven like Slack: signed Events API requests over HTTP, each chat a DM with its own user. */
function slackHarness(): ChannelHarness & { conversationId(chat: string): string } {
  let env: SlackTestEnv;
  const bodies = new Map<string, string>();
  const idOf = (prefix: string, chat: string) => `${prefix}0${createHash('sha1').update(chat).digest('hex').slice(0, 9).toUpperCase()}`;
  const chatOf = (chat: string) => {
    const user = idOf('U', chat);
    env.fake.addUser({ id: user, name: chat, displayName: `Customer ${chat}`, locale: 'en-GB' });
    return { channel: idOf('D', chat), user };
  };
  const post = async (raw: string, retryNum?: number) => {
    const res = await postSigned(env.eventsUrl, raw, { retryNum });
    if (res.status !== 200) throw new Error(`balie answered Slack's event with ${res.status}: ${await res.text()}`);
  };

  return {
    channelId: 'slack',
    async start() {
      env = await startSlackEnv();
    },
    stop: () => env.stop(),
    app: () => env.balie.app,
    conversationId: (chat) => idOf('D', chat),
    async customerSays(chat, text) {
      const body = dmEvent({ ...chatOf(chat), text, botUserId: env.fake.botUserId });
      const raw = JSON.stringify(body);
      bodies.set(body.event_id, raw);
      await post(raw);
      return body.event_id as string;
    },
    async redeliver(nativeId) {
      // Slack resends the same body (same event_id), freshly signed, with X-Slack-Retry-Num.
      await post(bodies.get(nativeId)!, 1);
    },
    async sent(chat) {
      return env.fake.posted(idOf('D', chat)).map(seen);
    },
  };
}

adapterContract(slackHarness);
