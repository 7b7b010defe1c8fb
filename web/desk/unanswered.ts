// "No message left unanswered" (#14.5): the server reminds the owner and the supervisors that a
// customer has had no reply for a while, and says whether balie promised them an answer, and by
// when. Its own words live here, beside the one place that uses them.

import { translator, type Strings } from '../shared/i18n.js';
import { catchUpSoon } from './chat.js';
import { dateTimeFormat, lang, timeFormat } from './lang.js';
import { notify } from './notify.js';
import { agentById, displayName, firstName } from './people.js';
import { state } from './state.js';
import type { DeskEvent } from './types.js';

const STRINGS: Record<string, Strings> = {
  en: {
    mine: '{name} has had no answer for {minutes} min.',
    minePromised: '{name} has had no answer for {minutes} min. They were promised an answer from you by {time}.',
    colleague: '{name} has had no answer from {agent} for {minutes} min.',
    colleaguePromised: '{name} has had no answer from {agent} for {minutes} min. They were promised one by {time}.',
    queued: '{name} has waited {minutes} min in the queue without an answer.',
  },
  nl: {
    mine: '{name} heeft al {minutes} min geen antwoord.',
    minePromised: '{name} heeft al {minutes} min geen antwoord. We hebben beloofd dat je uiterlijk om {time} antwoordt.',
    colleague: '{name} heeft al {minutes} min geen antwoord van {agent}.',
    colleaguePromised: '{name} heeft al {minutes} min geen antwoord van {agent}. Beloofd is uiterlijk {time}.',
    queued: '{name} wacht al {minutes} min in de rij zonder antwoord.',
  },
};

/** Shown as a warning: to the owner about their chat, to a supervisor about anyone's. */
export function onUnanswered(event: DeskEvent): void {
  const me = state.me?.agent.id;
  const key = event.key ?? '';
  const item = state.chats.get(key) ?? state.others.get(key) ?? state.queue.items.find((q) => q.key === key);
  const t = translator(STRINGS, lang);
  const vars = {
    name: displayName(item ?? { key }),
    minutes: Math.max(1, Math.round((event.waitingSeconds ?? 0) / 60)),
    agent: firstName(agentById(event.agentId)?.name ?? event.agentId),
    time: event.promisedUntil === undefined ? '' : when(event.promisedUntil),
  };
  const promised = event.promisedUntil !== undefined ? 'Promised' : '';
  // The promise went out in the owner's name: whoever has the chat open reads it in the transcript.
  if (promised && state.open?.key === key) catchUpSoon();
  if (event.agentId && event.agentId === me) notify(t(`mine${promised}`, vars), 'warn', true);
  else if (state.me?.agent.role === 'supervisor') notify(t(event.agentId ? `colleague${promised}` : 'queued', vars), 'warn');
}

/** A time today is just the time; a promise for another day (the team is back tomorrow) says the day. */
function when(at: number): string {
  const date = new Date(at);
  return date.toDateString() === new Date().toDateString() ? timeFormat.format(date) : dateTimeFormat.format(date);
}
