import { z } from 'zod';
import { slackError } from '../../adapters/slack/send.js';
import type { AgentConfig } from '../../config.js';
import { BalieError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { AgentIdentity, Desk } from '../../handoff/desk.js';
import type { HandoffService } from '../../handoff/service.js';
import type { HandoffCase } from '../../handoff/types.js';
import type { webApi } from '@slack/bolt';
import { agentLabel, DESK_ACTIONS, parseHandoffRef, TO_QUEUE, transferModal } from './blocks.js';
import type { DeskPeople } from './people.js';
import type { DeskPosts } from './posts.js';
import type { SlackDeskStore } from './store.js';
import type { DeskTexts } from './texts.js';

// The parts of Slack's interaction payloads the desk reads (api.slack.com/reference/interaction-payloads).
const blockActions = z.looseObject({
  type: z.literal('block_actions'),
  user: z.looseObject({ id: z.string() }),
  trigger_id: z.string().optional(),
  container: z.looseObject({ message_ts: z.string().optional(), thread_ts: z.string().optional() }).optional(),
  actions: z.array(z.looseObject({ action_id: z.string(), value: z.string().optional(), selected_option: z.looseObject({ value: z.string() }).optional() })).min(1),
});
const viewSubmission = z.looseObject({
  type: z.literal('view_submission'),
  user: z.looseObject({ id: z.string() }),
  view: z.looseObject({
    callback_id: z.string(),
    private_metadata: z.string(),
    state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), z.looseObject({ value: z.string().nullish() }))) }).optional(),
  }),
});
const transferRef = z.object({ key: z.string().min(1), openedAt: z.number(), to: z.string().optional() });

export interface ActionsDeps {
  desk: Desk;
  service: HandoffService;
  posts: DeskPosts;
  store: SlackDeskStore;
  people: DeskPeople;
  agents: AgentConfig[];
  texts: DeskTexts;
  client: () => webApi.WebClient;
  logger: Logger;
}

/** A refusal already worded for the presser. */
class Refusal extends Error {}

type Acting = { user: string; agent: AgentConfig; who: AgentIdentity; c: HandoffCase; threadTs?: string };

/**
 * The desk's buttons, select and modal. Each checks who pressed (an agent mapped in agents.yaml)
 * and whether the chat is theirs before anything changes; a refusal is a message only the
 * presser sees. The Desk API then applies the same rules as for the web console.
 */
export class DeskActions {
  constructor(private readonly deps: ActionsDeps) {}

  async handle(payload: Record<string, unknown>): Promise<void> {
    const submitted = viewSubmission.safeParse(payload);
    if (submitted.success) return this.submitTransfer(submitted.data);
    const pressed = blockActions.safeParse(payload);
    if (!pressed.success) {
      this.deps.logger.warn({ type: payload.type }, 'a Slack desk interaction balie cannot read was ignored');
      return;
    }
    const body = pressed.data;
    const action = body.actions[0]!;
    const threadTs = body.container?.thread_ts ?? body.container?.message_ts;
    if (action.action_id === DESK_ACTIONS.transfer) {
      const [to, ...rest] = (action.selected_option?.value ?? '').split('|');
      const acting = await this.acting(body.user.id, parseHandoffRef(rest.join('|')), threadTs);
      if (!acting || !(await this.mustOwn(acting))) return;
      const ref = { key: acting.c.key, openedAt: acting.c.openedAt, to: to === TO_QUEUE ? undefined : to };
      try {
        await this.deps
          .client()
          .views.open({ trigger_id: body.trigger_id ?? '', view: transferModal(ref, { texts: this.deps.texts, agents: this.deps.agents, now: Date.now() }) as never });
      } catch (err) {
        await this.refuse(acting, this.deps.texts('refuseFailed', { message: slackError(err, 'views.open').message }));
      }
      return;
    }
    const acting = await this.acting(body.user.id, parseHandoffRef(action.value), threadTs);
    if (!acting) return;
    switch (action.action_id) {
      case DESK_ACTIONS.take:
        return this.take(acting);
      case DESK_ACTIONS.decline:
        if (acting.c.state !== 'offered' || acting.c.offeredTo !== acting.agent.id)
          return this.refuse(acting, this.deps.texts('refuseNotOwner', { agent: agentLabel(this.deps.agents, acting.c.offeredTo ?? acting.c.agentId, false) }));
        return this.run(acting, () => this.deps.desk.decline(acting.who, acting.c.key));
      case DESK_ACTIONS.resolve:
        if (!(await this.mustOwn(acting))) return;
        return this.run(acting, () => this.deps.desk.resolve(acting.who, acting.c.key));
      case DESK_ACTIONS.handBack:
        if (!(await this.mustOwn(acting))) return;
        return this.run(acting, () => this.deps.desk.handBack(acting.who, acting.c.key));
      default:
        this.deps.logger.warn({ actionId: action.action_id }, 'unknown Slack desk action ignored');
    }
  }

  /** The presser as an agent, and the live case the control belongs to; undefined after telling them why not. */
  private async acting(user: string, ref: { key: string; openedAt: number } | undefined, threadTs?: string): Promise<Acting | undefined> {
    const { texts, people } = this.deps;
    const person = people.agentOf(user);
    if (!person) {
      await people.tell(user, texts('refuseUnmapped', { user }), threadTs);
      return undefined;
    }
    const c = ref && (await this.deps.service.caseFor(ref.key));
    if (!ref || !c || c.openedAt !== ref.openedAt) {
      await people.tell(user, texts('refuseClosed'), threadTs);
      return undefined;
    }
    return { user, ...person, c, threadTs };
  }

  private async mustOwn(acting: Acting): Promise<boolean> {
    const { c, agent } = acting;
    if (c.state !== 'active') await this.refuse(acting, this.deps.texts('refuseNotTaken'));
    else if (c.agentId !== agent.id) await this.refuse(acting, this.deps.texts('refuseNotOwner', { agent: agentLabel(this.deps.agents, c.agentId, false) }));
    else return true;
    return false;
  }

  private async take(acting: Acting): Promise<void> {
    const { c, agent, who } = acting;
    const { texts, desk, service } = this.deps;
    if (c.state === 'active')
      return this.refuse(acting, c.agentId === agent.id ? texts('refuseAlreadyYours') : texts('refuseAlreadyTaken', { agent: agentLabel(this.deps.agents, c.agentId, false) }));
    if (c.state === 'offered' && c.offeredTo !== agent.id) return this.refuse(acting, texts('refuseOfferedElsewhere', { agent: agentLabel(this.deps.agents, c.offeredTo, false) }));
    if (c.state === 'offered') return this.run(acting, () => desk.accept(who, c.key));
    const state = (await service.store.agents()).find((a) => a.id === agent.id);
    if (state && state.load >= state.maxChats) return this.refuse(acting, texts('refuseFull', { max: state.maxChats }));
    await this.run(acting, async () => {
      // Taking a chat in Slack means being at work: the agent goes online (and may get offers).
      if (state?.presence !== 'online') await desk.setPresence(who, 'online');
      const now = await service.caseFor(c.key);
      if (now?.state === 'offered' && now.offeredTo === agent.id) return desk.accept(who, c.key);
      if (now?.state === 'offered') throw new Refusal(texts('refuseOfferedElsewhere', { agent: agentLabel(this.deps.agents, now.offeredTo, false) }));
      return desk.claim(who, c.key);
    });
  }

  private async submitTransfer(body: z.output<typeof viewSubmission>): Promise<void> {
    if (body.view.callback_id !== DESK_ACTIONS.transferModal) return;
    let ref: z.output<typeof transferRef>;
    try {
      ref = transferRef.parse(JSON.parse(body.view.private_metadata));
    } catch (err) {
      this.deps.logger.warn({ err }, 'a Slack desk transfer form without a readable chat reference was ignored');
      return;
    }
    const post = await this.deps.store.post(ref.key);
    const acting = await this.acting(body.user.id, ref, post?.ts);
    if (!acting || !(await this.mustOwn(acting))) return;
    const note = body.view.state?.values.note?.note?.value?.trim() || undefined;
    if (ref.to && !this.deps.agents.some((a) => a.id === ref.to)) return this.refuse(acting, this.deps.texts('refuseFailed', { message: `no agent "${ref.to}"` }));
    await this.run(acting, () => this.deps.desk.transfer(acting.who, acting.c.key, ref.to, note));
  }

  /** Does it through the Desk; a refusal from there (a race with another process) is told, not thrown. */
  private async run(acting: Acting, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if (!(err instanceof BalieError) && !(err instanceof Refusal)) throw err;
      this.deps.logger.info({ agentId: acting.agent.id, key: acting.c.key, code: (err as BalieError).code }, 'a Slack desk action was refused');
      await this.refuse(acting, err instanceof Refusal ? err.message : this.deps.texts('refuseFailed', { message: err.message }));
    }
    await this.deps.posts.sync(acting.c.key);
  }

  private refuse(acting: Acting, text: string): Promise<void> {
    return this.deps.people.tell(acting.user, text, acting.threadTs);
  }
}
