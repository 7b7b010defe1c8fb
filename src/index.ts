/**
 * balie's public API for people writing dialogs and embedding balie. Everything else is internal
 * and may change between versions.
 */

// Running balie
export { startBalie, type RunningBalie, type StartOptions } from './main.js';
export { createApp, type App, type AppDeps } from './app.js';
export { loadConfig, type Config, type AgentConfig } from './config.js';

// Writing dialogs
export {
  defineDialog,
  DialogDefinition,
  type DialogOptions,
  type Step,
  type StepContext,
  type AskOptions,
  type Choice,
  type HandoffOptions,
  type Texts,
  type Vars,
  type Triggers,
} from './dialogs/authoring/index.js';
export type { DialogRegistration } from './dialogs/bot.js';
export { registerDialogs } from './dialogs/index.js';
export type { Translator } from './dialogs/i18n.js';
export { languageOf, profileOf, say, type ConversationProfile } from './dialogs/turn-info.js';
export type { HandoffPort, HumanRequest, HandoffReason } from './dialogs/handoff-request.js';
export { containsPhrase, isPhrase } from './dialogs/triggers.js';
export type { Order, OrderLookup, OrderState } from './dialogs/order-status/order-lookup.js';

// Testing dialogs
export { createTestChat, defaultTestConfig, TestChannelAdapter, type TestChat, type TestChatOptions, type Reply } from './testing/test-chat.js';

// Channels and errors
export { ChannelAdapter, type AdapterRuntime, type AdapterStatus } from './core/channel-adapter.js';
export { BalieError, ConfigError, type ErrorCode, type ConfigProblem } from './core/errors.js';
export type { Stores } from './core/stores.js';
