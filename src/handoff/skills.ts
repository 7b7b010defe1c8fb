import type { HandoffSkills, SkillRule } from '../config-files.js';
import type { HandoffRequest } from './context.js';

/**
 * The skills a request wants, from `handoff.skills` in balie.yaml: the rule for its reason, for the
 * dialog that asked, and for each FAQ tag of the topic, plus what the caller asked for itself.
 * A skill that is required is not also listed as preferred.
 */
export function skillsFor(
  config: HandoffSkills,
  request: Pick<HandoffRequest, 'reason' | 'dialog' | 'tags' | 'skills' | 'preferredSkills'>,
): { required: string[]; preferred: string[] } {
  const rules: SkillRule[] = [];
  const byReason = request.reason === 'transfer' ? undefined : config.reasons[request.reason];
  if (byReason) rules.push(byReason);
  if (request.dialog && config.dialogs[request.dialog]) rules.push(config.dialogs[request.dialog]!);
  for (const tag of request.tags ?? []) if (config.tags[tag]) rules.push(config.tags[tag]);
  const required = unique([...(request.skills ?? []), ...rules.flatMap((r) => r.required)]);
  const preferred = unique([...(request.preferredSkills ?? []), ...rules.flatMap((r) => r.preferred)]).filter((s) => !required.includes(s));
  return { required, preferred };
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
