import type { Config } from '../config.js';
import { createMemoryFaqHelpfulness } from '../core/listening/helpfulness-memory.js';
import { createRedisFaqHelpfulness } from '../core/listening/helpfulness-redis.js';
import { createMemoryFaqOverlay, createRedisFaqOverlay } from '../core/listening/overlay.js';
import type { TeachDraftStore } from '../core/listening/drafts.js';
import { createMemoryTeachDrafts } from '../core/listening/drafts-memory.js';
import { createRedisTeachDrafts } from '../core/listening/drafts-redis.js';
import type { FaqHelpfulnessStore, FaqOverlayStore, FaqTeacher, TaughtFaq, UnansweredInbox } from '../core/listening/types.js';
import { createMemoryUnansweredInbox } from '../core/listening/unanswered-memory.js';
import { createRedisUnansweredInbox } from '../core/listening/unanswered-redis.js';
import type { Logger } from '../core/logger.js';
import type { Stores } from '../core/stores.js';
import type { LiveFaq } from '../dialogs/faq/live.js';
import { applyOverlay } from '../dialogs/faq/overlay.js';
import { createQuestionGrouping } from '../dialogs/faq/question-key.js';
import { KnownErrors, problemsWithTeaching } from '../dialogs/faq/teach.js';

/** How often a process reads the overlay without being told to (a lost bus message costs at most this). */
const RECHECK_MS = 30_000;

/** The listening loop of one process: the inbox, the FAQ overlay, and the desk's port to the FAQ. */
export interface Listening {
  inbox: UnansweredInbox;
  overlay: FaqOverlayStore;
  /** What agents drafted after a handoff, waiting for a supervisor. */
  drafts: TeachDraftStore;
  teacher: FaqTeacher;
  /** How often each FAQ entry's answer helped ("Did this help?"). */
  helpfulness: FaqHelpfulnessStore;
  /** Applies the overlay and follows other processes' teachings. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createListening(deps: { config: Config; stores: Stores; faq: LiveFaq; logger: Logger }): Listening {
  const { config, stores, faq, logger } = deps;
  const grouping = createQuestionGrouping();
  const retention = { keepDays: config.listening.keepDays, maxQuestions: config.listening.maxQuestions };
  const inbox = stores.redis ? createRedisUnansweredInbox(stores.redis, stores.prefix, grouping, retention) : createMemoryUnansweredInbox(grouping, retention);
  const helpfulness = stores.redis ? createRedisFaqHelpfulness(stores.redis, stores.prefix) : createMemoryFaqHelpfulness();
  const overlay = stores.redis ? createRedisFaqOverlay(stores.redis, stores.prefix, stores.bus) : createMemoryFaqOverlay(stores.bus);
  const drafts = stores.redis ? createRedisTeachDrafts(stores.redis, stores.prefix) : createMemoryTeachDrafts();
  let taught: TaughtFaq[] = [];
  const known = new KnownErrors();
  let unwatch: (() => Promise<void>) | undefined;
  let timer: NodeJS.Timeout | undefined;

  // Reads run in order: a slow read of an older overlay must not overwrite a newer one.
  let refreshing = Promise.resolve();
  const refresh = () =>
    (refreshing = refreshing.then(async () => {
      const latest = await overlay.list();
      if (latest.length === taught.length && latest.at(-1)?.version === taught.at(-1)?.version) return;
      taught = latest;
      faq.setOverlay(taught);
    }));

  const teacher: FaqTeacher = {
    languages: () => [...new Set(faq.files().map((f) => f.language))],
    // With what was taught: a new entry can get phrasings of its own at once.
    entries: (language) =>
      applyOverlay(faq.files(), taught)
        .filter((f) => f.language === language)
        .flatMap((f) => f.entries)
        .map((e) => ({ id: e.id, question: e.questions[0] ?? e.id })),
    suggestions: (text, language) =>
      faq.matcher.match(text, language).candidates.map((c) => ({ entryId: c.entry.id, question: c.entry.questions[0] ?? c.entry.id, score: c.score })),
    async problemsWith(teaching) {
      await refresh();
      return problemsWithTeaching(faq.files(), taught, teaching, known);
    },
    async teach(teaching, by, draftedBy) {
      const added = await overlay.add(teaching, by, undefined, draftedBy);
      await refresh();
      logger.info({ agentId: by, draftedBy, kind: teaching.kind, entryId: teaching.entryId, version: added.version }, 'FAQ taught from the desk');
      return added;
    },
  };

  return {
    inbox,
    overlay,
    drafts,
    teacher,
    helpfulness,
    async start() {
      const follow = () => {
        refresh().catch((err: unknown) => logger.error({ err }, 'could not read what was taught from the desk; the bot answers from the FAQ as it was'));
      };
      unwatch = await overlay.watch(follow);
      await refresh();
      // The bus says "look now" and may lose a message (a reconnect): look now and then anyway.
      timer = setInterval(follow, RECHECK_MS);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await unwatch?.();
      unwatch = undefined;
    },
  };
}
