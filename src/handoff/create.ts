import type { Config } from '../config.js';
import type { Logger } from '../core/logger.js';
import type { Metrics } from '../core/metrics.js';
import type { Stores } from '../core/stores.js';
import type { Translator } from '../core/i18n.js';
import { Desk } from './desk.js';
import { createHandoffMetrics } from './metrics.js';
import type { CustomerMessenger } from './ports.js';
import { createMemoryFiguresStore, createRedisFiguresStore } from './figures.js';
import { createMemorySatisfactionStore, createRedisSatisfactionStore } from './satisfaction.js';
import { HandoffService } from './service.js';
import { createMemoryUnansweredStore, createRedisUnansweredStore } from './unanswered-store.js';
import { createMemoryHandoffStore } from './store/memory-store.js';
import { createRedisHandoffStore } from './store/redis-store.js';

export interface Handoff {
  service: HandoffService;
  desk: Desk;
}

/** The handoff queue on the app's stores (Redis when there is one). Undefined when agents.yaml lists nobody. */
export function createHandoff(deps: { config: Config; stores: Stores; t: Translator; metrics: Metrics; logger: Logger; messenger: CustomerMessenger }): Handoff | undefined {
  const { config, stores, logger } = deps;
  if (config.agents.length === 0) return undefined;
  const store = stores.redis ? createRedisHandoffStore({ client: stores.redis, prefix: stores.prefix }) : createMemoryHandoffStore();
  const service = new HandoffService({
    store,
    messenger: deps.messenger,
    bus: stores.bus,
    t: deps.t,
    agents: config.agents,
    metrics: createHandoffMetrics(deps.metrics.registry),
    logger: logger.child({ component: 'handoff' }),
    settings: config.handoff,
    satisfaction: stores.redis ? createRedisSatisfactionStore(stores.redis, stores.prefix) : createMemorySatisfactionStore(),
    unanswered: stores.redis ? createRedisUnansweredStore(stores.redis, stores.prefix) : createMemoryUnansweredStore(),
    figures: stores.redis ? createRedisFiguresStore(stores.redis, stores.prefix) : createMemoryFiguresStore(),
  });
  return { service, desk: new Desk(service, stores.transcripts, config.agents, logger.child({ component: 'desk' }), stores.bus) };
}
