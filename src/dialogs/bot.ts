import { ActivityTypes, ConversationState, MessageFactory, UserState, type Activity, type StatePropertyAccessor, type TurnContext } from 'botbuilder-core';
import { DialogSet, DialogTurnStatus, type Dialog, type DialogState } from 'botbuilder-dialogs';
import type { Logger } from 'pino';
import type { TurnBatchingStorage } from '../core/storage/turn-batching.js';
import { detectLanguage, type DetectedLanguage } from './faq/language.js';
import type { FaqMatcher } from './faq/types.js';
import type { HandoffGate, HandoffPort, HandoffReason, HumanRequest } from './handoff-request.js';
import type { Translator } from './i18n.js';
import { complaintScore } from './complaint.js';
import { containsPhrase, isPhrase } from './triggers.js';
import { setTurnHandoff } from './turn-handoff.js';
import { newProfile, setTurnLanguage, setTurnProfile, upgradeProfile, type ConversationProfile } from './turn-info.js';
import { faqKeyOf } from '../core/channel-module.js';
import type { UnansweredAsked } from '../core/listening/types.js';
import { FaqFeedback, isFeedbackButton, type FaqFeedbackSettings } from './faq-feedback.js';

/** A dialog and the messages that start it. */
export interface DialogRegistration {
  dialog: Dialog;
  /** Returns the options to begin the dialog with when `text` should start it, else undefined. */
  trigger(text: string, language: string): object | undefined;
}

export interface BotDeps {
  storage: TurnBatchingStorage;
  t: Translator;
  faq: FaqMatcher;
  dialogs: DialogRegistration[];
  /** Which language a message is in; default: the built-in word lists (nl, en). The app adds languages learned from their locale and FAQ files. */
  detect?: (text: string, candidates: string[]) => DetectedLanguage | undefined;
  handoff: HandoffPort;
  /** The open-handoff check; without it (no agents configured) the bot always answers. */
  gate?: HandoffGate;
  logger: Logger;
  botName: string;
  /**
   * The key of a channel's own FAQ answers (a module's `faqKey`: WhatsApp Cloud shows the answers
   * written for `whatsapp`). Default: the channel id's first part.
   */
  answerKey?: (channelId: string) => string;
  /** Not-understood turns in a row before the bot offers a person. */
  offerHumanAfter: number;
  /** When the bot gets a person by itself. Without rules it only offers. */
  handoffRules?: HandoffRules;
  /** Records a question the FAQ could not answer (the listening inbox, src/core/listening). */
  unanswered?: (asked: UnansweredAsked) => Promise<unknown>;
  /** "Did this help?" after an FAQ answer; without it the bot never asks. */
  feedback?: FaqFeedbackSettings;
}

export interface HandoffRules {
  /** Not-understood turns in a row after which the bot hands off without asking (unless declined). */
  afterNotUnderstood: number;
  /** complaintScore() at or above this goes to a person. */
  complaintScore: number;
  isVip(channelId: string, userId: string): boolean;
}

interface UserProfile {
  v: 1;
  language?: string;
}

/** The id of the dialog a turn runs, so a handoff it asks for can be routed by `handoff.skills.dialogs`. */
const RUNNING_DIALOG = Symbol('balie.runningDialog');

const OFFER_YES = 'balie:human:yes';
const OFFER_NO = 'balie:human:no';

/** The value of a pressed button (`value.action`), or undefined when the customer typed. */
function pressedButton(activity: Partial<Activity>): string | undefined {
  const action = (activity.value as { action?: unknown } | undefined)?.action;
  return typeof action === 'string' ? action : undefined;
}

/** What the customer typed: a button's value is a choice, never free text ("balie:human:no" must not match "human"). */
function typedText(activity: Partial<Activity>): string {
  return pressedButton(activity) === undefined ? (activity.text ?? '') : '';
}

/**
 * The bot's turn: pick the language, let a running dialog continue, otherwise route the message to
 * cancel / greeting / help / a person / a registered dialog / the FAQ, and offer a person when it
 * does not understand. Conversation and user state are read once and written once per turn.
 */
export class Bot {
  private readonly conversationState: ConversationState;
  private readonly userState: UserState;
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly profile: StatePropertyAccessor<ConversationProfile>;
  private readonly user: StatePropertyAccessor<UserProfile>;
  private readonly dialogSet: DialogSet;
  private readonly feedback: FaqFeedback;

  constructor(private readonly deps: BotDeps) {
    this.feedback = new FaqFeedback({ t: deps.t, settings: deps.feedback, unanswered: deps.unanswered, logger: deps.logger });
    this.conversationState = new ConversationState(deps.storage);
    this.userState = new UserState(deps.storage);
    this.dialogState = this.conversationState.createProperty('dialogState');
    this.profile = this.conversationState.createProperty('profile');
    this.user = this.userState.createProperty('profile');
    this.dialogSet = new DialogSet(this.dialogState);
    for (const { dialog } of deps.dialogs) this.dialogSet.add(dialog);
  }

  /** The state keys a message's turn reads, so the ingress can read them together with the message. */
  stateKeysFor(activity: Partial<Activity>): string[] {
    const context = { activity } as TurnContext;
    const keys: string[] = [];
    for (const state of [this.conversationState, this.userState]) {
      try {
        const key = state.getStorageKey(context);
        if (key) keys.push(key);
      } catch {
        // No conversation or sender id: the turn reads what it needs itself.
      }
    }
    return keys;
  }

  readonly handle = async (context: TurnContext): Promise<void> => {
    if (context.activity.type !== ActivityTypes.Message) return;
    const keys = [this.conversationState.getStorageKey(context), this.userState.getStorageKey(context)].filter((k): k is string => !!k);
    await this.deps.storage.runTurn(keys, async () => {
      const profile = upgradeProfile(await this.profile.get(context, newProfile()));
      const user = await this.user.get(context, { v: 1 });
      const language = this.chooseLanguage(profile, user, context);
      setTurnLanguage(context, language);
      setTurnProfile(context, profile);
      setTurnHandoff(context, this.deps.handoff);
      this.watchHandoffEvents(context, profile, language);
      if (!(await this.personInvolved(context))) await this.route(context, profile, language);
      // A "Did this help?" the customer did not answer before a person took over is not asked any more.
      else profile.feedback = undefined;
      await this.profile.set(context, profile);
      await this.user.set(context, { ...user, language });
      await this.conversationState.saveChanges(context);
      await this.userState.saveChanges(context);
    });
  };

  /**
   * Any `handoff.initiate` event this turn sends (from the handoff port, or from a dialog that uses
   * botbuilder's EventFactory itself) opens a case in the queue.
   */
  private watchHandoffEvents(context: TurnContext, profile: ConversationProfile, language: string): void {
    const gate = this.deps.gate;
    if (!gate) return;
    context.onSendActivities(async (ctx, activities, next) => {
      const responses = await next();
      for (const activity of activities) {
        if (activity.type !== ActivityTypes.Event || activity.name !== 'handoff.initiate') continue;
        const asked = (activity.value ?? {}) as Partial<HumanRequest>;
        await gate.open(ctx, {
          reason: asked.reason ?? 'dialog',
          language: asked.language ?? language,
          collected: { ...profile.collected, ...asked.collected },
          note: asked.note,
          dialog: asked.dialog ?? (ctx.turnState.get(RUNNING_DIALOG) as string | undefined),
          tags: asked.tags ?? profile.topic,
          skills: asked.skills,
          preferredSkills: asked.preferredSkills,
          vip: asked.vip ?? this.deps.handoffRules?.isVip(ctx.activity.channelId, ctx.activity.from.id) ?? false,
        });
      }
      return responses;
    });
  }

  /**
   * While a person is involved the bot stays silent: the customer's words go to the desk (the
   * transcript already has them), and only "laat maar" / "never mind" while waiting goes back to the bot.
   */
  private async personInvolved(context: TurnContext): Promise<boolean> {
    const { gate, t } = this.deps;
    if (!gate) return false;
    const { activity } = context;
    const open = await gate.caseFor(`${activity.channelId}:${activity.conversation.id}`);
    if (!open) return false;
    const text = activity.text ?? '';
    const choice = pressedButton(activity);
    if (choice && open.state !== 'active' && (await gate.customerChose(open, choice))) return true;
    // A stale balie button (an old offer, a rating) means nothing to the agent: not relayed as text.
    if (choice?.startsWith('balie:')) return true;
    if (open.state !== 'active' && isPhrase(typedText(activity), t.phrases(open.language, 'cancel'), 2)) {
      await gate.customerCancels(open);
    } else {
      await gate.customerWrote(open, text);
    }
    return true;
  }

  private chooseLanguage(profile: ConversationProfile, user: UserProfile, context: TurnContext): string {
    const { t } = this.deps;
    const text = typedText(context.activity);
    const detected = (this.deps.detect ?? detectLanguage)(text, t.languages);
    if (!profile.language) {
      const fromLocale = context.activity.locale?.slice(0, 2).toLowerCase();
      // "Hello" or "wat kun je?" is too short to detect, but it is one language's greeting or help.
      const fromPhrase = t.languages.find((l) => isPhrase(text, t.phrases(l, 'greeting'), 1) || isPhrase(text, t.phrases(l, 'help'), 2));
      const phraseIsShared =
        fromPhrase !== undefined && t.languages.some((l) => l !== fromPhrase && (isPhrase(text, t.phrases(l, 'greeting'), 1) || isPhrase(text, t.phrases(l, 'help'), 2)));
      // "opening hrs" is too short to tell its language from its words, but it is an English
      // question. Asked only when the stronger evidence before it is missing: it runs the FAQ once per language.
      const fromFaq = () => {
        const language = this.deps.faq.bestLanguage(text);
        return language && t.has(language) ? language : undefined;
      };
      // Strongest evidence first: a clear sentence, a one-language greeting, the channel's locale,
      // the one FAQ that answers it, a weak guess from the text, what this user spoke before, the
      // shop's default.
      profile.language =
        (detected && detected.confidence >= 0.6 ? detected.language : undefined) ??
        (fromPhrase && !phraseIsShared ? fromPhrase : undefined) ??
        (fromLocale && t.has(fromLocale) ? fromLocale : undefined) ??
        fromFaq() ??
        (detected && detected.confidence >= 0.4 ? detected.language : undefined) ??
        (user.language && t.has(user.language) ? user.language : undefined) ??
        t.defaultLanguage;
    } else if (detected && detected.language !== profile.language && detected.confidence >= 0.85 && text.trim().split(/\s+/).length >= 3) {
      // Sticky: only a clear, longer message in the other language switches.
      profile.language = detected.language;
    }
    return profile.language ?? t.defaultLanguage;
  }

  private async route(context: TurnContext, profile: ConversationProfile, language: string): Promise<void> {
    const { t } = this.deps;
    const pressed = pressedButton(context.activity);
    const text = typedText(context.activity).trim();
    const value = pressed ?? text;
    const phrases = (name: string) => t.phrases(language, name);
    const dc = await this.dialogSet.createContext(context);
    // "Did this help?" is answered now or not at all.
    const feedback = profile.feedback;
    profile.feedback = undefined;

    // "stop" always cancels; "cancel my order" only cancels something that is running, and
    // otherwise goes to the FAQ as the question it is.
    const busy = dc.activeDialog !== undefined || profile.offeredHuman === true;
    if (isPhrase(text, phrases('cancel'), busy ? 2 : 0)) {
      await dc.cancelAllDialogs();
      profile.offeredHuman = false;
      await context.sendActivity(t.t(language, 'cancelled'));
      return;
    }

    const rating = /^balie:rating:([1-5])$/.exec(value);
    if (rating) {
      await this.deps.gate?.recordRating(`${context.activity.channelId}:${context.activity.conversation.id}`, Number(rating[1]));
      await context.sendActivity(t.t(language, 'ratingThanks'));
      return;
    }

    if (dc.activeDialog) {
      context.turnState.set(RUNNING_DIALOG, dc.activeDialog.id);
      const result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.complete) await this.afterDialog(context, profile, language, result.result);
      return;
    }

    const helpful = this.feedback.helpful(feedback, pressed, text, language);
    if (feedback && helpful !== undefined) {
      this.feedback.record(context, feedback, helpful);
      if (!helpful) return this.offerHuman(context, profile, language, 'feedbackOfferHuman');
      await context.sendActivity(t.t(language, 'feedbackThanks'));
      return;
    }
    // A "Did this help?" button pressed again, or after the bot moved on: it changes nothing, not
    // even a pending offer of a person.
    if (isFeedbackButton(pressed)) {
      await context.sendActivity(t.t(language, 'staleButton'));
      return;
    }

    if (profile.offeredHuman) {
      profile.offeredHuman = false;
      if (value === OFFER_YES || isPhrase(text, phrases('yes'), 1)) return this.requestHuman(context, profile, language, 'not-understood');
      if (value === OFFER_NO || isPhrase(text, phrases('no'), 1)) {
        profile.declinedHuman = true;
        await context.sendActivity(t.t(language, 'offerDeclined'));
        return;
      }
    }

    // A button from an earlier message (pressed twice, or after the bot moved on): its meaning, or a
    // polite word; never read as text.
    if (pressed !== undefined) return this.staleButton(context, profile, language, pressed);

    if (containsPhrase(text, phrases('human'))) return this.requestHuman(context, profile, language, 'customer-asked');
    const rules = this.deps.handoffRules;
    if (rules && complaintScore(text, phrases('complaint')) >= rules.complaintScore) return this.requestHuman(context, profile, language, 'complaint');

    if (isPhrase(text, phrases('greeting'), 1)) {
      profile.notUnderstood = 0;
      await context.sendActivity(t.t(language, 'greeting', { bot: this.deps.botName }));
      return;
    }
    if (isPhrase(text, phrases('help'), 2)) {
      profile.notUnderstood = 0;
      await context.sendActivity(t.t(language, 'help'));
      return;
    }

    for (const { dialog, trigger } of this.deps.dialogs) {
      const options = trigger(text, language);
      if (!options) continue;
      profile.notUnderstood = 0;
      context.turnState.set(RUNNING_DIALOG, dialog.id);
      const result = await dc.beginDialog(dialog.id, options);
      if (result.status === DialogTurnStatus.complete) await this.afterDialog(context, profile, language, result.result);
      return;
    }

    const match = this.deps.faq.match(text, language);
    if (match.confident && match.best) {
      profile.notUnderstood = 0;
      profile.declinedHuman = false;
      const { entry } = match.best;
      profile.topic = entry.tags.length ? [...entry.tags] : undefined;
      const channel = context.activity.channelId;
      const key = this.deps.answerKey?.(channel) ?? faqKeyOf([], channel);
      const answer = entry.channels[channel] ?? entry.channels[key] ?? entry.answer;
      await context.sendActivity(this.feedback.answer(profile, language, answer, entry.id, text));
      return;
    }

    profile.notUnderstood++;
    this.recordUnanswered(context, text, language);
    if (rules?.isVip(context.activity.channelId, context.activity.from.id)) return this.requestHuman(context, profile, language, 'vip');
    if (rules && profile.notUnderstood >= rules.afterNotUnderstood && !profile.declinedHuman) return this.requestHuman(context, profile, language, 'not-understood');
    if (profile.notUnderstood >= this.deps.offerHumanAfter) return this.offerHuman(context, profile, language, 'offerHuman');
    await context.sendActivity(t.t(language, 'notUnderstood'));
  }

  /** Not awaited: the customer's answer does not wait for the inbox, and a failure only costs a row. */
  private recordUnanswered(context: TurnContext, text: string, language: string): void {
    const { unanswered, logger } = this.deps;
    if (!unanswered || !text) return;
    const { channelId, conversation } = context.activity;
    unanswered({ text, language, channel: channelId, conversation: `${channelId}:${conversation.id}`, reason: 'abstained' }).catch((err: unknown) =>
      logger.warn({ err }, 'could not record an unanswered question'),
    );
  }

  private async staleButton(context: TurnContext, profile: ConversationProfile, language: string, pressed: string): Promise<void> {
    const { t } = this.deps;
    if (pressed === OFFER_YES) return this.requestHuman(context, profile, language, 'customer-asked');
    if (pressed === OFFER_NO) {
      profile.declinedHuman = true;
      await context.sendActivity(t.t(language, 'offerDeclined'));
      return;
    }
    await context.sendActivity(t.t(language, 'staleButton'));
  }

  /** A dialog may end by asking the router to offer a person, with its own text for the offer. */
  private async afterDialog(context: TurnContext, profile: ConversationProfile, language: string, result: unknown): Promise<void> {
    const ended = result as { offerHuman?: boolean; offerText?: string } | undefined;
    if (ended?.offerHuman) await this.offerHuman(context, profile, language, ended.offerText ?? 'offerHuman');
  }

  private async offerHuman(context: TurnContext, profile: ConversationProfile, language: string, textKey: string): Promise<void> {
    profile.offeredHuman = true;
    await context.sendActivity(this.offerButtons(language, this.deps.t.t(language, textKey)));
  }

  private offerButtons(language: string, text: string) {
    const { t } = this.deps;
    return MessageFactory.suggestedActions(
      [
        { type: 'imBack', title: t.t(language, 'offerHumanYes'), value: OFFER_YES },
        { type: 'imBack', title: t.t(language, 'offerHumanNo'), value: OFFER_NO },
      ],
      text,
    );
  }

  private async requestHuman(context: TurnContext, profile: ConversationProfile, language: string, reason: HandoffReason): Promise<void> {
    profile.notUnderstood = 0;
    profile.offeredHuman = false;
    const vip = this.deps.handoffRules?.isVip(context.activity.channelId, context.activity.from.id) ?? false;
    await this.deps.handoff.request(context, { reason, language, collected: { ...profile.collected }, vip });
  }
}
