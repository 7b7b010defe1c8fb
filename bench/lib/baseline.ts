import {
  ActivityTypes,
  BotAdapter,
  ConversationState,
  MemoryStorage,
  TurnContext,
  UserState,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
  type Storage,
  type StoreItems,
} from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogState } from 'botbuilder-dialogs';
import type { Redis } from 'ioredis';
import { BENCH_DIALOG_ID, createBenchDialog } from './bench-dialog.js';

/** The smallest BotAdapter that runs a turn: replies go to a callback, nothing else. */
class BaselineAdapter extends BotAdapter {
  constructor(private readonly sink: (activity: Partial<Activity>) => void) {
    super();
  }
  async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    return activities.map((a) => {
      this.sink(a);
      return { id: '' };
    });
  }
  async updateActivity(): Promise<void> {}
  async deleteActivity(): Promise<void> {}
  async continueConversation(_ref: Partial<ConversationReference>, _logic: (context: TurnContext) => Promise<void>): Promise<void> {}
  process(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    return this.runMiddleware(new TurnContext(this, activity), logic);
  }
}

/**
 * A "naive" Redis Storage, as a first attempt would write it: each read and write is its own
 * round trip, and ConversationState and UserState each read and write separately.
 */
export class NaiveRedisStorage implements Storage {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}
  async read(keys: string[]): Promise<StoreItems> {
    const values = await this.redis.mget(keys.map((k) => this.prefix + k));
    const out: StoreItems = {};
    keys.forEach((k, i) => {
      if (values[i]) out[k] = JSON.parse(values[i]!);
    });
    return out;
  }
  async write(changes: StoreItems): Promise<void> {
    for (const [k, v] of Object.entries(changes)) await this.redis.set(this.prefix + k, JSON.stringify(v));
  }
  async delete(keys: string[]): Promise<void> {
    await this.redis.del(...keys.map((k) => this.prefix + k));
  }
}

export interface BaselineBot {
  /** Runs one message turn; resolves when the turn (and its state writes) are done. */
  turn(conversationId: string, text: string): Promise<void>;
}

/** Plain botbuilder: ConversationState + UserState on `storage`, the bench dialog, one reply per turn. */
export function createBaselineBot(onReply: (conversationId: string) => void, storage: Storage = new MemoryStorage()): BaselineBot {
  const adapter = new BaselineAdapter((a) => onReply(a.conversation!.id));
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const dialogState = conversationState.createProperty<DialogState>('dialogState');
  const turns = userState.createProperty<number>('turns');
  const dialogs = new DialogSet(dialogState);
  dialogs.add(createBenchDialog());
  const logic = async (context: TurnContext) => {
    await turns.set(context, ((await turns.get(context, 0)) ?? 0) + 1);
    const dc = await dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(BENCH_DIALOG_ID);
    await conversationState.saveChanges(context);
    await userState.saveChanges(context);
  };
  return {
    turn(conversationId, text) {
      return adapter.process(
        {
          type: ActivityTypes.Message,
          channelId: 'baseline',
          conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
          from: { id: `u-${conversationId}`, name: 'Customer' },
          recipient: { id: 'bot', name: 'bot' },
          text,
          timestamp: new Date(),
        },
        logic,
      );
    },
  };
}
