/** Intent name → its phrasings, separated by `|`: what customers of any business ask (see intents/en.ts). */
export type Intents = Readonly<Record<string, string>>;
