import { expect } from 'vitest';

/** An agent on the desk's HTTP API: `call` any route (JSON in and out), after `signIn` with a token. */
export function deskClient(url: string) {
  let session = '';
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}/api/desk${path}`, {
      method,
      headers: { ...(session ? { authorization: `Bearer ${session}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    call,
    /** The signed-in session token, for requests `call` does not make (streams, uploads). */
    session: () => session,
    async signIn(token: string) {
      const res = await call('POST', '/sign-in', { token });
      expect(res.status).toBe(200);
      session = res.body.session;
      return res.body;
    },
  };
}

/** The env that signs in the given agents with these desk tokens (BALIE_AGENT_TOKENS). */
export function agentTokensEnv(tokens: Record<string, string>): { BALIE_AGENT_TOKENS: string } {
  return {
    BALIE_AGENT_TOKENS: Object.entries(tokens)
      .map(([id, t]) => `${id}=${t}`)
      .join(','),
  };
}
