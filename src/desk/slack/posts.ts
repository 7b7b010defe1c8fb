import type { webApi } from '@slack/bolt';
import type { SlackBlock } from '../../adapters/slack/format.js';
import { slackError } from '../../adapters/slack/send.js';
import type { AgentConfig } from '../../config.js';
import type { Logger } from '../../core/logger.js';
import type { TranscriptStore } from '../../core/storage/transcript.js';
import type { HandoffService } from '../../handoff/service.js';
import type { HandoffCase } from '../../handoff/types.js';
import { agentLabel, closedLine, controlsBlocks, fallbackText, headBlocks, lastLines, postBlocks, statusLine, type RenderContext } from './blocks.js';
import type { DeskPost, SlackDeskStore } from './store.js';
import type { DeskTexts } from './texts.js';

export interface PostsDeps {
  client: () => webApi.WebClient;
  store: SlackDeskStore;
  service: HandoffService;
  transcripts: TranscriptStore;
  agents: AgentConfig[];
  texts: DeskTexts;
  deskChannel: string;
  logger: Logger;
  now?: () => number;
}

/** How long one process may redraw a post before another may take over (it crashed, say). */
const LOCK_MS = 15_000;

/**
 * Keeps each handoff's post in the desk channel in step with the case: made once (whichever
 * process claims it), then edited as the case changes, with a line in the thread for each step,
 * so both the channel and the thread read like a log. Idempotent: redrawing compares the case's
 * version with the one last drawn, so any number of processes may be told about the same change.
 */
export class DeskPosts {
  private readonly now: () => number;

  constructor(private readonly deps: PostsDeps) {
    this.now = deps.now ?? Date.now;
  }

  private get ctx(): RenderContext {
    return { texts: this.deps.texts, agents: this.deps.agents, now: this.now() };
  }

  /** Brings the post of `key` up to date; safe to call from any process, any number of times. */
  async sync(key: string): Promise<void> {
    const { store } = this.deps;
    await store.markDirty(key);
    for (;;) {
      const release = await store.lock(key, LOCK_MS);
      // Another process is redrawing it: it sees the mark and draws once more.
      if (!release) return;
      try {
        while (await store.takeDirty(key)) await this.redraw(key);
      } finally {
        await release();
      }
      // Marked between the last look and the release: draw again, unless another process takes the lock first.
      // (Only looked at, not taken: taking it here would starve the one that holds the lock.)
      if (!(await store.isDirty(key))) return;
    }
  }

  private async redraw(key: string): Promise<void> {
    const c = await this.deps.service.caseFor(key);
    const post = await this.deps.store.post(key);
    if (c && (!post || post.openedAt !== c.openedAt)) return this.create(c);
    if (!post || post.state === 'closed') return;
    if (c && c.version !== post.version) return this.change(post, c);
    if (!c) return this.close(post);
  }

  private async create(c: HandoffCase): Promise<void> {
    if (!(await this.deps.store.claimPost(c.key, c.openedAt))) return;
    const head = await this.head(c);
    const ts = await this.call('chat.postMessage', () =>
      this.deps.client().chat.postMessage({
        channel: this.deps.deskChannel,
        text: fallbackText(c, this.deps.texts),
        blocks: postBlocks(head, statusLine(c, this.ctx), c, this.deps.texts) as never,
        unfurl_links: false,
      }),
    );
    const post: DeskPost = {
      key: c.key,
      openedAt: c.openedAt,
      channel: this.deps.deskChannel,
      ts: ts.ts!,
      version: c.version,
      state: c.state,
      agentId: c.agentId,
      offeredTo: c.offeredTo,
      head: JSON.stringify(head),
    };
    await this.deps.store.savePost(post);
    this.deps.logger.info({ key: c.key, ts: post.ts }, 'handoff posted to the Slack desk');
    // Taken before the post existed (a quick claim): the controls belong in the thread at once.
    if (c.state === 'active') await this.change({ ...post, state: 'queued', agentId: undefined }, c);
  }

  private async change(post: DeskPost, c: HandoffCase): Promise<void> {
    const { texts, agents } = this.deps;
    const transferred = post.agentId !== undefined && post.agentId !== c.agentId && c.state !== 'active';
    const noteBy = transferred ? post.agentId : post.noteBy;
    const head = await this.head(c, noteBy);
    await this.update(post.ts, fallbackText(c, texts), postBlocks(head, statusLine(c, this.ctx), c, texts));
    const lines: string[] = [];
    let controlsTs = post.controlsTs;
    const ownerChanged = post.agentId !== c.agentId;
    if (ownerChanged && controlsTs) {
      await this.update(controlsTs, texts('controlsDone', { agent: agentLabel(agents, post.agentId, false) }), [
        { type: 'section', text: { type: 'mrkdwn', text: texts('controlsDone', { agent: agentLabel(agents, post.agentId, false) }) } },
      ]);
      controlsTs = undefined;
    }
    if (transferred) {
      const to = c.preferredAgentId ? texts('toAgent', { agent: agentLabel(agents, c.preferredAgentId) }) : texts('toTheQueue');
      const from = agentLabel(agents, post.agentId, false);
      lines.push(c.note ? texts('lineTransferredNote', { from, to, note: c.note }) : texts('lineTransferred', { from, to }));
    }
    if (c.state === 'offered' && post.offeredTo !== c.offeredTo) lines.push(texts('lineOffered', { agent: agentLabel(agents, c.offeredTo) }));
    if (c.state === 'active' && ownerChanged) lines.push(texts('lineTaken', { agent: agentLabel(agents, c.agentId, false) }));
    for (const line of lines) await this.say(post.ts, line);
    if (c.state === 'active' && (ownerChanged || !controlsTs)) {
      const blocks = controlsBlocks(c, this.ctx);
      controlsTs = (
        await this.call('chat.postMessage', () =>
          this.deps.client().chat.postMessage({
            channel: post.channel,
            thread_ts: post.ts,
            text: texts('controls', { agent: agentLabel(agents, c.agentId, false), channel: c.customer.channelId }),
            blocks: blocks as never,
          }),
        )
      ).ts;
    }
    await this.deps.store.update(c.key, { version: c.version, state: c.state, agentId: c.agentId, offeredTo: c.offeredTo, controlsTs, head: JSON.stringify(head), noteBy });
  }

  private async close(post: DeskPost): Promise<void> {
    const { texts, agents } = this.deps;
    const status = closedLine(post.closedHow, post.closedBy ?? post.agentId, this.ctx);
    const head = this.closedHead(post);
    await this.update(post.ts, status, postBlocks(head, status, undefined, texts));
    if (post.controlsTs)
      await this.update(post.controlsTs, texts('controlsDone', { agent: agentLabel(agents, post.agentId, false) }), [
        { type: 'section', text: { type: 'mrkdwn', text: texts('controlsDone', { agent: agentLabel(agents, post.agentId, false) }) } },
      ]);
    await this.say(post.ts, status);
    await this.deps.store.update(post.key, { version: -1, state: 'closed', controlsTs: undefined });
  }

  /** The `closed` event says how; kept on the post until it is redrawn. */
  async noteClosed(key: string, how: string, agentId?: string): Promise<void> {
    const post = await this.deps.store.post(key);
    if (!post || post.state === 'closed') return;
    // A closed event of an older handoff must not close a newer post.
    const current = await this.deps.service.caseFor(key);
    if (current && current.openedAt === post.openedAt) return;
    await this.deps.store.update(key, { closedHow: how, closedBy: agentId });
  }

  /** A line in the post's thread from the desk itself. */
  async say(threadTs: string, text: string): Promise<void> {
    await this.call('chat.postMessage', () => this.deps.client().chat.postMessage({ channel: this.deps.deskChannel, thread_ts: threadTs, text }));
  }

  private async head(c: HandoffCase, noteBy?: string): Promise<SlackBlock[]> {
    const transcript = await this.deps.transcripts.list(c.key, { limit: 50 });
    return headBlocks(c, lastLines(transcript, c, this.deps.texts), this.ctx, noteBy);
  }

  /** The case is gone from the store once closed: the post keeps the body it was last drawn with. */
  private closedHead(post: DeskPost): SlackBlock[] {
    try {
      return post.head ? (JSON.parse(post.head) as SlackBlock[]) : [];
    } catch {
      return [];
    }
  }

  private async update(ts: string, text: string, blocks: SlackBlock[]): Promise<void> {
    await this.call('chat.update', () => this.deps.client().chat.update({ channel: this.deps.deskChannel, ts, text, blocks: blocks as never }));
  }

  private async call<T>(method: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw slackError(err, method);
    }
  }
}
