import type { webApi } from '@slack/bolt';
import { slackError } from '../../adapters/slack/send.js';
import type { AgentConfig } from '../../config.js';
import type { Logger } from '../../core/logger.js';
import type { AgentIdentity, Desk } from '../../handoff/desk.js';

/** Who a Slack user is to balie, and how the desk answers only them. */
export class DeskPeople {
  constructor(private readonly deps: { agents: AgentConfig[]; desk: Desk; client: () => webApi.WebClient; deskChannel: string; logger: Logger }) {}

  /** The agent a Slack user is (agents.yaml `slackUserId`), or undefined for anyone else. */
  agentOf(slackUserId: string): { agent: AgentConfig; who: AgentIdentity } | undefined {
    const agent = this.deps.agents.find((a) => a.slackUserId === slackUserId);
    return agent && { agent, who: this.deps.desk.identify(agent.id) };
  }

  /** A message only `user` sees (in the thread, when given); a failure is logged, not thrown. */
  async tell(user: string, text: string, threadTs?: string): Promise<void> {
    try {
      await this.deps.client().chat.postEphemeral({ channel: this.deps.deskChannel, user, text, thread_ts: threadTs });
    } catch (err) {
      const error = slackError(err, 'chat.postEphemeral');
      this.deps.logger.warn({ err: error, code: error.code, slackUser: user }, 'could not tell a Slack user why their desk action did nothing');
    }
  }
}
