import type { SlackAdapter } from '../../adapters/slack/index.js';
import type { MessageEvent } from '../../adapters/slack/parse.js';
import type { AgentConfig } from '../../config.js';
import { BalieError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Stores } from '../../core/stores.js';
import type { Handoff } from '../../handoff/create.js';
import type { MediaStore } from '../api/media.js';
import { deskTopics, type DeskEvent } from '../../handoff/ports.js';
import { DeskActions } from './actions.js';
import { DeskPeople } from './people.js';
import { DeskPosts } from './posts.js';
import { DeskRelay } from './relay.js';
import type { SlackDeskStore } from './store.js';
import { deskTexts } from './texts.js';
import type { ChannelModule } from '../../core/channel-module.js';

export interface SlackDeskDeps {
  adapter: SlackAdapter;
  handoff: Handoff;
  stores: Stores;
  agents: AgentConfig[];
  /** The team's language (balie.yaml `bot.defaultLanguage`). */
  language: string;
  /** Every channel balie knows, to name the customer's (default: src/adapters/index.ts). */
  channels?: readonly ChannelModule[];
  logger: Logger;
  /** Where files the agents share in Slack are kept for the customer's channel (the app's). */
  media: MediaStore;
  publicUrl?: string;
  /** Where the posts are kept: the app's desk stores (src/desk/stores.ts). */
  store: SlackDeskStore;
}

/**
 * The agents' desk in Slack: each handoff is a post in the desk channel (SLACK_DESK_CHANNEL) with
 * its context and a "Take this chat" button; its thread is the conversation with the customer.
 * It listens to the handoff's desk events from every process, and to the desk channel through
 * the Slack adapter's desk hook; all it remembers is in the shared store.
 */
export class SlackDesk {
  private readonly posts: DeskPosts;
  private readonly relay: DeskRelay;
  private readonly actions: DeskActions;
  private readonly pending = new Set<Promise<void>>();
  private readonly offs: (() => Promise<void>)[] = [];
  private readonly logger: Logger;

  constructor(private readonly deps: SlackDeskDeps) {
    const deskChannel = deps.adapter.deskChannel;
    if (!deskChannel) throw new BalieError('CONFIG_INVALID', 'the Slack desk needs SLACK_DESK_CHANNEL');
    this.logger = deps.logger.child({ component: 'slack-desk' });
    const { store } = deps;
    const client = () => deps.adapter.app.client;
    const texts = deskTexts(deps.language, deps.channels);
    const { service, desk } = deps.handoff;
    const base = { agents: deps.agents, texts, logger: this.logger };
    const people = new DeskPeople({ agents: deps.agents, desk, client, deskChannel, logger: this.logger });
    this.posts = new DeskPosts({ ...base, client, store, service, transcripts: deps.stores.transcripts, deskChannel });
    this.relay = new DeskRelay({
      ...base,
      posts: this.posts,
      store,
      service,
      desk,
      people,
      dedupe: deps.stores.dedupe,
      botUserId: () => deps.adapter.botUserId,
      fetchFile: (attachment) => deps.adapter.fetchMedia(attachment),
      media: deps.media,
      publicUrl: deps.publicUrl,
    });
    this.actions = new DeskActions({ ...base, desk, service, posts: this.posts, store, people, client });
    // Hooked in at once, so nothing said in the desk channel is ever taken for a customer's message.
    deps.adapter.useDesk({
      message: async (event) => this.background(() => this.relay.fromThread(event as MessageEvent), 'a message in the Slack desk'),
      // Slack wants its answer within 3 s: the work (which may message the customer) goes on after it.
      interaction: async (payload) => this.background(() => this.actions.handle(payload), 'a Slack desk action'),
    });
  }

  /** Subscribes to the desk events and draws the posts of chats that are open now. Call after the Slack adapter started. */
  async start(): Promise<void> {
    const { bus } = this.deps.stores;
    const topics = [deskTopics.queue, ...this.deps.agents.map((a) => deskTopics.agent(a.id))];
    for (const topic of topics) this.offs.push(await bus.subscribe(topic, (event) => this.background(() => this.onEvent(event as DeskEvent), 'a desk event')));
    if (!this.deps.agents.some((a) => a.slackUserId)) {
      this.logger.warn(
        'the Slack desk is on but no agent in agents.yaml has a slackUserId: nobody can take chats from Slack. Add `slackUserId: U…` (Slack profile > ⋮ > Copy member ID).',
      );
    }
    // Chats opened while no balie was running the desk get their post now.
    const { service } = this.deps.handoff;
    const open = [...(await service.store.queue(200)), ...(await Promise.all(this.deps.agents.map((a) => service.store.agentCases(a.id)))).flat()];
    for (const key of new Set(open.map((c) => c.key))) this.background(() => this.posts.sync(key), 'drawing an open chat');
    this.logger.info({ channel: this.deps.adapter.deskChannel, open: open.length }, 'Slack desk started');
  }

  async stop(): Promise<void> {
    for (const off of this.offs.splice(0)) await off();
    await this.idle();
  }

  /** Resolves when the work started so far is done (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  private async onEvent(event: DeskEvent): Promise<void> {
    switch (event.type) {
      case 'customer-message':
        return this.relay.customerWrote(event.key, event.text, event.at);
      case 'agent-message':
        return this.relay.agentWrote(event.key, event.agentId, event.text);
      case 'closed':
        await this.posts.noteClosed(event.key, event.how, event.agentId);
        return this.posts.sync(event.key);
      case 'opened':
      case 'offer':
      case 'offer-withdrawn':
      case 'assigned':
      case 'transferred':
        return this.posts.sync(event.key);
      default:
        return;
    }
  }

  private background(work: () => Promise<void>, what: string): void {
    const done: Promise<void> = work()
      .catch((err: unknown) => this.logger.error({ err, code: (err as BalieError).code }, `the Slack desk failed handling ${what}`))
      .finally(() => this.pending.delete(done));
    this.pending.add(done);
  }
}

/** The Slack desk when SLACK_DESK_CHANNEL is set, the Slack adapter runs and agents.yaml lists agents. */
export function createSlackDesk(deps: SlackDeskDeps): SlackDesk {
  return new SlackDesk(deps);
}
