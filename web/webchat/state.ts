// What the page knows of its conversation.

/** The conversation: its id and token, kept in localStorage so a reload continues it. */
export interface Session {
  conversationId: string;
  token: string;
}

export const chat = {
  session: undefined as Session | undefined,
  /** entry id -> element */
  rendered: new Map<string, HTMLElement>(),
  /** The newest entry shown: the stream catches up from here. */
  lastEntryId: undefined as string | undefined,
};
