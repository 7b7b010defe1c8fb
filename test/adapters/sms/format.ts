import type { Activity } from 'botbuilder-core';
import { toPlainText } from '../../../src/core/markdown.js';
import { splitText } from '../../../src/core/split-text.js';
import { SMS_MAX_LENGTH } from './parse.js';

/** An SMS shows no markup and has no buttons: plain text, choices as numbered lines. */
export function formatActivity(activity: Partial<Activity>): string[] {
  const options = activity.suggestedActions?.actions.map((a, i) => `${i + 1}. ${a.title ?? String(a.value)}`) ?? [];
  const name = activity.from?.role === 'agent' && activity.from.name ? `${activity.from.name}: ` : '';
  const text = [name + toPlainText(activity.text ?? ''), ...options].filter(Boolean).join('\n');
  return splitText(text, SMS_MAX_LENGTH);
}
