import type { z } from 'zod';
import type { ChannelAdapter } from './channel-adapter.js';
import type { Logger } from './logger.js';
import type { Stores } from './stores.js';

/*
 * A channel is one folder: its module says everything the rest of balie needs to know about it
 * (names, settings, what it can show, how to build its adapter), and `src/adapters/index.ts` is
 * the list. Config, the FAQ loader, the Slack desk, the bot and the docs read the list; none of
 * them names a channel.
 */

/** One environment variable a channel reads. */
export interface ChannelEnvVar<S extends z.ZodType = z.ZodType> {
  /** Validates (and converts) the raw value; optional variables accept undefined. */
  schema: S;
  /** What it is, for the docs' table. */
  what: string;
  /** How to put a wrong value right, shown when start-up refuses it. */
  fix?: string;
  /** True for the variable whose presence turns the channel on (the docs' "on when"). */
  switch?: boolean;
  /** The default as the docs should say it, when it is not a value (e.g. "generated"). */
  shownDefault?: string;
}

export type ChannelEnv = Record<string, ChannelEnvVar>;

/** The parsed values of a channel's variables, typed by its schemas. */
export type ParsedEnv<E extends ChannelEnv> = { [K in keyof E]: z.output<E[K]['schema']> };

/** What a channel's platform can show, so dialogs, notices and the desk do not guess. */
export interface ChannelCapabilities {
  /** Tappable choices (native buttons, or numbered options where the platform has none). */
  buttons: 'native' | 'numbered';
  /** Replies can go in a thread of their own (Slack). */
  threads: boolean;
  /** Files and photos, both ways. */
  media: boolean;
  /** A "typing…" indicator. */
  typing: boolean;
  /** The longest text one platform message may carry; longer texts are split. */
  maxLength: number;
}

/** How dialogs' markdown (`**bold**`, `[text](url)`, lists) is shown on the channel. */
export type ChannelFormatting = 'markdown' | 'telegram-html' | 'slack-mrkdwn' | 'whatsapp';

/** Settings every channel may use, from the rest of the configuration. */
export interface ChannelSite {
  /** The URL customers and platforms reach balie at, without a trailing slash. */
  publicUrl?: string;
  /** Protects operator pages (a pairing QR code). */
  adminToken?: string;
  /** Prefix of every Redis key. */
  redisPrefix: string;
}

/** What a channel's adapter is built with. */
export interface ChannelContext {
  stores: Stores;
  logger: Logger;
  site: ChannelSite;
}

/** Reports a problem that involves several of a channel's variables (one missing while another is set). */
export type ReportProblem = (key: string, problem: string, fix: string) => void;

export interface ChannelModule<Settings = unknown, E extends ChannelEnv = ChannelEnv> {
  /** The botbuilder channelId, also the first part of every conversation key (`telegram:123`). */
  readonly id: string;
  /** The channel's name as people say it, per language (`en` is the fallback). */
  readonly names: Readonly<Record<string, string>> & { readonly en: string };
  /** Its name in the docs' tables, when that says more than `names.en` (e.g. "WhatsApp Business Cloud API"). */
  readonly title?: string;
  /** The library it talks to its platform with, for the docs. */
  readonly library: string;
  /** Its page in docs/, relative to docs/channels.md. */
  readonly docs?: string;
  readonly env: E;
  /**
   * The channel's settings from its parsed variables, or undefined when it is off. Problems that
   * involve several variables are reported, not thrown, so start-up lists every problem at once.
   */
  settings(env: ParsedEnv<E>, report: ReportProblem): Settings | undefined;
  readonly capabilities: ChannelCapabilities;
  readonly formatting: ChannelFormatting;
  /**
   * The key under an FAQ entry's `channels:` whose answer this channel shows. A variant of a
   * platform (WhatsApp Cloud) shares the answers written for it (`whatsapp`).
   */
  readonly faqKey: string;
  /**
   * Builds the adapter. Imported lazily inside: a platform library such as whatsapp-web.js pulls in
   * a browser, which would slow every start-up of a balie that does not use it. Undefined for the
   * web chat, which the app builds itself (it is balie's own page, made from the app's parts).
   */
  create?(settings: Settings, context: ChannelContext): Promise<ChannelAdapter>;
}

/** A channel that is on, with its settings. */
export interface ConfiguredChannel<Settings = unknown> {
  module: ChannelModule<Settings>;
  settings: Settings;
}

/**
 * Declares a channel module with its settings typed from its variables' schemas. The result is
 * a plain ChannelModule, so a list of them mixes channels with different settings.
 */
export function defineChannel<E extends ChannelEnv, Settings>(module: ChannelModule<Settings, E>): ChannelModule<Settings> {
  return module as unknown as ChannelModule<Settings>;
}

/** A channel's settings when it is configured (typed by the module), else undefined. */
export function settingsOf<Settings>(channels: readonly ConfiguredChannel[], module: ChannelModule<Settings>): Settings | undefined {
  return channels.find((c) => c.module.id === module.id)?.settings as Settings | undefined;
}

/** The name of the channel `channelId` in `language` (falling back to English, then the id). */
export function channelName(modules: readonly ChannelModule[], channelId: string, language: string): string {
  const module = modules.find((m) => m.id === channelId);
  return module ? (module.names[language] ?? module.names.en) : channelId;
}

/** The FAQ answer key for `channelId`: the module's, or the id's first part for a channel no module names. */
export function faqKeyOf(modules: readonly ChannelModule[], channelId: string): string {
  return modules.find((m) => m.id === channelId)?.faqKey ?? channelId.split('-')[0]!;
}
