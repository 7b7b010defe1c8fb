import { escapeMrkdwn } from '../../adapters/slack/format.js';
import { fileAttachments, MEDIA_PREFIX, slackTextToPlain, type MessageEvent } from '../../adapters/slack/parse.js';
import type { AgentConfig } from '../../config.js';
import type { DedupeStore } from '../../core/storage/dedupe.js';
import type { Desk } from '../../handoff/desk.js';
import { MAX_AGENT_FILE_BYTES, type MediaStore } from '../api/media.js';
import { agentMessageText, type HandoffService } from '../../handoff/service.js';
import { createHash } from 'node:crypto';
import { agentLabel, customerName } from './blocks.js';
import type { DeskPeople } from './people.js';
import type { DeskPosts } from './posts.js';
import type { DeskPost, SlackDeskStore } from './store.js';
import type { DeskTexts } from './texts.js';

export interface RelayDeps {
  posts: DeskPosts;
  store: SlackDeskStore;
  service: HandoffService;
  desk: Desk;
  people: DeskPeople;
  dedupe: DedupeStore;
  agents: AgentConfig[];
  texts: DeskTexts;
  botUserId: () => string | undefined;
  /** Downloads a file shared in Slack (the Slack adapter's `fetchMedia`). */
  fetchFile: (attachment: { contentUrl?: string }) => Promise<{ data: Buffer; contentType: string; name?: string }>;
  /** Where the customer's channel fetches the agent's files (`/media/<id>`, as the console's uploads). */
  media: MediaStore;
  /** PUBLIC_URL: makes `/media/<id>` absolute for the platforms that fetch it. */
  publicUrl?: string;
  /** How long to wait for a post that another process is making right now. */
  postWaitMs?: number;
}

const DAY_SECONDS = 86_400;
/**
 * An agent's words that came from Slack are marked for this long, so their `agent-message` event
 * is not mirrored back into the thread. The same words sent twice from the web console within it
 * are mirrored once: the customer got both; the thread is only a log.
 */
const FROM_SLACK_SECONDS = 60;
const fromSlackMark = (key: string, text: string) => `desk-slack:agent-words:${key}:${createHash('sha1').update(text).digest('base64url')}`;

/** Slack's `*bold*` is balie markdown's `**bold**` (`_italic_` is the same in both), so the customer's channel shows it bold. */
export function slackToMarkdown(text: string): string {
  return text.replace(/(^|[^\p{L}\p{N}*])\*([^*\n]+?)\*(?=$|[^\p{L}\p{N}*])/gu, '$1**$2**');
}

/**
 * The thread of a desk post is the conversation: what the owner writes there goes to the customer
 * (through the Desk, so the customer's channel shows the agent's name), and what the customer
 * writes appears there. Every process hears every event; a claim in the shared dedupe store lets
 * exactly one of them post each message.
 */
export class DeskRelay {
  constructor(private readonly deps: RelayDeps) {}

  /** Someone wrote in the desk channel: in a handoff's thread, that is an answer to its customer. */
  async fromThread(event: MessageEvent): Promise<void> {
    const { store, people, texts, service, dedupe } = this.deps;
    if (!event.thread_ts || !event.user || event.thread_ts === event.ts) return;
    const ref = await store.byThread(event.thread_ts);
    // Not a handoff's thread: colleagues talking among themselves.
    if (!ref) return;
    if (!(await dedupe.claim(`desk-slack:in:${event.channel}:${event.ts}`, DAY_SECONDS))) return;
    const user = event.user;
    const notDelivered = (why: string) => people.tell(user, texts('notDelivered', { why }), event.thread_ts);
    const person = people.agentOf(user);
    if (!person) return people.tell(user, texts('refuseUnmapped', { user }), event.thread_ts);
    const c = await service.caseFor(ref.key);
    if (!c || c.openedAt !== ref.openedAt) return notDelivered(texts('whyClosed'));
    if (c.state !== 'active') return notDelivered(texts('whyNotTaken'));
    if (c.agentId !== person.agent.id) return notDelivered(texts('whyNotOwner', { agent: agentLabel(this.deps.agents, c.agentId, false) }));
    const text = slackToMarkdown(slackTextToPlain(event.text ?? '', this.deps.botUserId()));
    const attachments = await this.filesOf(event, notDelivered);
    if (!text && !attachments.length) return;
    // Marked as the desk event will carry it (files as links), so it is not mirrored back here.
    await dedupe.claim(fromSlackMark(c.key, agentMessageText(text, attachments)), FROM_SLACK_SECONDS);
    try {
      await this.deps.desk.send(person.who, c.key, text, attachments);
    } catch (err) {
      await notDelivered(texts('whyFailed', { message: (err as Error).message }));
    }
  }

  /**
   * Files the agent shared in the thread, copied out of Slack (its file URLs need the bot token)
   * into the media store the console's uploads use, so the customer's channel can fetch them.
   * A file that cannot be passed on is reported in the thread; the rest of the message still goes.
   */
  private async filesOf(event: MessageEvent, notDelivered: (why: string) => Promise<void>): Promise<{ contentUrl: string; contentType: string; name?: string }[]> {
    const { texts, media } = this.deps;
    const base = this.deps.publicUrl?.replace(/\/$/, '') ?? '';
    const sizes = new Map((event.files ?? []).map((f) => [f.id, f.size ?? 0]));
    const out: { contentUrl: string; contentType: string; name?: string }[] = [];
    for (const attachment of fileAttachments(event)) {
      const name = attachment.name ?? 'file';
      const fileId = (attachment.contentUrl ?? '').slice(MEDIA_PREFIX.length);
      if ((sizes.get(fileId) ?? 0) > MAX_AGENT_FILE_BYTES) {
        await notDelivered(texts('whyFileTooLarge', { name, mb: MAX_AGENT_FILE_BYTES / 1024 / 1024 }));
        continue;
      }
      try {
        const file = await this.deps.fetchFile(attachment);
        if (file.data.length > MAX_AGENT_FILE_BYTES) throw new Error(`larger than ${MAX_AGENT_FILE_BYTES / 1024 / 1024} MB`);
        const stored = { contentType: file.contentType, name: file.name ?? name, data: file.data };
        out.push({ contentUrl: `${base}/media/${await media.put(stored)}`, contentType: stored.contentType, name: stored.name });
      } catch (err) {
        await notDelivered(texts('whyFileFailed', { name, message: (err as Error).message }));
      }
    }
    return out;
  }

  /** The customer wrote (while waiting or while talking to someone): show it in the thread. */
  async customerWrote(key: string, text: string | undefined, at: string): Promise<void> {
    if (!(await this.deps.dedupe.claim(`desk-slack:customer:${key}:${at}`, DAY_SECONDS))) return;
    const post = await this.postOf(key);
    if (!post || post.state === 'closed') return;
    const c = await this.deps.service.caseFor(key);
    const name = escapeMrkdwn(c ? customerName(c) : key);
    const body = text?.trim() ? escapeMrkdwn(text) : this.deps.texts('customerFile');
    await this.deps.posts.say(post.ts, this.deps.texts('customerSays', { name, text: body }));
  }

  /** The owner wrote from elsewhere (the web console): the thread shows that too. */
  async agentWrote(key: string, agentId: string, text: string): Promise<void> {
    // Words that came from this thread are marked already; otherwise one process wins the mark.
    if (!(await this.deps.dedupe.claim(fromSlackMark(key, text), FROM_SLACK_SECONDS))) return;
    const post = await this.postOf(key);
    if (!post || post.state === 'closed') return;
    const name = escapeMrkdwn(this.deps.agents.find((a) => a.id === agentId)?.name ?? agentId);
    await this.deps.posts.say(post.ts, this.deps.texts('agentElsewhere', { name, text: escapeMrkdwn(text) }));
  }

  /** The handoff's post, waiting a little if another process is making it right now. */
  private async postOf(key: string): Promise<DeskPost | undefined> {
    const until = Date.now() + (this.deps.postWaitMs ?? 5_000);
    for (;;) {
      const c = await this.deps.service.caseFor(key);
      const post = await this.deps.store.post(key);
      if (post && (!c || post.openedAt === c.openedAt)) return post;
      if (!c || Date.now() > until) return undefined;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
