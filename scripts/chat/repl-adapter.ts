import type { Activity, ResourceResponse, TurnContext } from 'botbuilder';
import { randomUUID } from 'node:crypto';
import { ChannelAdapter } from '../../src/core/channel-adapter.js';
import type { HumanRequest } from '../../src/dialogs/handoff-request.js';

export interface ReplSink {
  message(activity: Partial<Activity>): void;
  handoff(request: HumanRequest): void;
}

/** The terminal as a channel: inbound lines go through the same ingress as any platform. */
export class ReplAdapter extends ChannelAdapter {
  // Only this terminal's process can show it: an agent in another terminal reaches it over the bus.
  override readonly localToProcess = true;

  constructor(
    /** e.g. `telegram-repl`: its own id, while the part before "-" picks the channel's FAQ answers. */
    readonly channelId: string,
    private readonly sink: ReplSink,
  ) {
    super();
  }

  protected async deliver(activity: Partial<Activity>): Promise<ResourceResponse> {
    this.sink.message(activity);
    return { id: randomUUID() };
  }

  // Events do not reach a customer's screen; the handoff request is shown so a developer sees it.
  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    for (const a of activities) if (a.type === 'event' && a.name === 'handoff.initiate') this.sink.handoff(a.value as HumanRequest);
    return super.sendActivities(context, activities);
  }

  /** One line from the customer; resolves when the bot's turn has finished. */
  async customerSays(activity: Partial<Activity>): Promise<void> {
    const result = await this.receive(activity, randomUUID());
    await result.done;
  }
}
