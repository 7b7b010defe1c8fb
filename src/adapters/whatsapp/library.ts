import wweb from 'whatsapp-web.js';

/*
 * whatsapp-web.js is CommonJS; Node's ESM loader cannot see its named exports, so they are taken
 * from the default export here, once, for the rest of the adapter.
 */
export const { Client, MessageMedia, Location, LocalAuth, RemoteAuth } = wweb;

export type WAClient = wweb.Client;
export type WAClientOptions = wweb.ClientOptions;
export type WAMessage = wweb.Message;
export type WAMessageMedia = wweb.MessageMedia;
export type WAMessageContent = wweb.MessageContent;
export type WAMessageSendOptions = wweb.MessageSendOptions;
export type WAStore = wweb.Store;
export type WAAuthStrategy = wweb.AuthStrategy;
