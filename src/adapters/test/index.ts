import { randomUUID } from 'node:crypto';
import type { Activity, ResourceResponse, TurnContext } from 'botbuilder-core';
import { ChannelAdapter } from '../../core/channel-adapter.js';

/** An in-process channel: what the bot sends is collected per conversation instead of delivered. */
export class TestChannelAdapter extends ChannelAdapter {
  readonly channelId: string;
  private readonly outbox = new Map<string, Partial<Activity>[]>();

  constructor(channelId = 'test') {
    super();
    this.channelId = channelId;
  }

  protected async deliver(activity: Partial<Activity>): Promise<ResourceResponse> {
    const id = activity.conversation?.id ?? '';
    const list = this.outbox.get(id) ?? [];
    list.push(activity);
    this.outbox.set(id, list);
    return { id: randomUUID() };
  }

  sent(conversationId: string): Partial<Activity>[] {
    return this.outbox.get(conversationId) ?? [];
  }

  private readonly handoffs = new Map<string, unknown[]>();

  /** The values of the `handoff.initiate` events (requests for a person) the bot sent in a conversation. */
  handoffRequests(conversationId: string): unknown[] {
    return this.handoffs.get(conversationId) ?? [];
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    for (const a of activities) {
      if (a.type === 'event' && a.name === 'handoff.initiate') {
        const id = a.conversation?.id ?? '';
        this.handoffs.set(id, [...this.handoffRequests(id), a.value]);
      }
    }
    return super.sendActivities(context, activities);
  }

  /** Hands a customer's message to the ingress and resolves when its turn has finished. */
  async customerSays(activity: Partial<Activity>, nativeId = randomUUID()): Promise<'accepted' | 'duplicate' | 'rate-limited'> {
    const result = await this.receive(activity, nativeId);
    await result.done;
    return result.status;
  }
}
