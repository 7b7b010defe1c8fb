// The web chat page's elements, looked up once.

import { byId as $ } from '../shared/dom.js';

export const els = {
  title: $('chat-title'),
  owner: $('chat-owner'),
  banner: $('banner'),
  bannerText: $('banner-text'),
  scroller: $('scroller'),
  empty: $('empty'),
  emptyTitle: $('empty-title'),
  messages: $('messages'),
  typing: $('typing'),
  typingText: $('typing-text'),
  jump: $<HTMLButtonElement>('jump'),
  form: $<HTMLFormElement>('composer'),
  input: $<HTMLTextAreaElement>('input'),
  send: $<HTMLButtonElement>('send'),
};

/** The bot's name: the page's title, as the server filled it in. */
export const botName = els.title.textContent?.trim() || document.title || 'Chat';
