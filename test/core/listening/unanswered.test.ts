import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { createMemoryUnansweredInbox } from '../../../src/core/listening/unanswered-memory.js';
import { createRedisUnansweredInbox } from '../../../src/core/listening/unanswered-redis.js';
import { createQuestionGrouping } from '../../../src/dialogs/faq/question-key.js';
import { testRedisUrl, uniquePrefix } from '../../support/redis.js';
import { unansweredInboxContract } from './unanswered.contract.js';

const grouping = createQuestionGrouping();
const retention = { keepDays: 90, maxQuestions: 500 };

unansweredInboxContract('memory', {
  async open(options) {
    const inbox = createMemoryUnansweredInbox(grouping, { ...retention, ...options });
    return { inbox, peer: inbox };
  },
});

const clients: Redis[] = [];
const connection = (i: number) => (clients[i] ??= new Redis(testRedisUrl(), { connectionName: `unanswered-contract-${i}` }));
afterAll(async () => {
  await Promise.all(clients.splice(0).map((c) => c.quit()));
});
unansweredInboxContract('redis', {
  async open(options) {
    const prefix = uniquePrefix('unanswered');
    return {
      inbox: createRedisUnansweredInbox(connection(0), prefix, grouping, { ...retention, ...options }),
      peer: createRedisUnansweredInbox(connection(1), prefix, grouping, { ...retention, ...options }),
    };
  },
});
