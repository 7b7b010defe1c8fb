import type { TurnContext } from 'botbuilder-core';
import { codeOf } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Metrics } from '../core/metrics.js';
import type { Translator } from './i18n.js';
import { languageOf } from './turn-info.js';

/** When a turn throws: count it by code, log it, and tell the customer in their language. */
export function createTurnErrorHandler(deps: { t: Translator; metrics: Metrics; logger: Logger }) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const code = codeOf(error);
    deps.metrics.errors.inc({ code, channel: context.activity.channelId ?? 'unknown' });
    deps.logger.error({ err: error, code, channel: context.activity.channelId }, 'a turn failed');
    try {
      await context.sendActivity(deps.t.t(languageOf(context, deps.t.defaultLanguage), 'turnError'));
    } catch (sendErr) {
      deps.logger.warn({ err: sendErr, code: codeOf(sendErr) }, 'could not tell the customer about the failed turn');
    }
  };
}
