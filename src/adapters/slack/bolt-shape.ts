import { z } from 'zod';

/*
 * The fields Bolt's `App#processEvent` reads before any listener runs (helpers.js
 * getTypeAndConversation, App.js buildSource), held to the shapes Slack sends. Bolt dereferences
 * them without checks, so a signed payload with, say, `"event": {"channel": null}` threw a
 * TypeError inside Bolt and was answered 500 (Slack then retries it for an hour). Checked here,
 * it is a 400 that names the field.
 */

const object = z.looseObject({});
const stringOrObject = z.union([z.string(), object], { error: 'must be a string or an object' });
// Bolt keeps its API clients in a plain object keyed by team or enterprise id: a "team" called
// "constructor" found Object.prototype's and threw. Slack's ids are upper-case letters and digits.
const workspaceId = z
  .string()
  .regex(/^[A-Z0-9]{2,40}$/, 'must be a Slack team or enterprise id (like T0123ABCD)')
  .nullish();

/** Bodies Bolt treats as actions, options, shortcuts or views: it reads `user.id` from them. */
const INTERACTIVE_TYPES = new Set(['block_suggestion', 'dialog_submission', 'workflow_step_edit', 'shortcut', 'message_action', 'view_submission', 'view_closed']);

export const boltReadableSchema = z
  .looseObject({
    event: z.looseObject({ channel: stringOrObject.optional(), user: stringOrObject.optional(), item: object.optional(), subteam: object.optional() }).optional(),
    authorizations: z.array(z.looseObject({ team_id: workspaceId, enterprise_id: workspaceId })).optional(),
    team_id: workspaceId,
    enterprise_id: workspaceId,
    team: z.looseObject({ id: workspaceId, enterprise_id: workspaceId }).nullish(),
    enterprise: z.looseObject({ id: workspaceId }).nullish(),
    channel: object.optional(),
    user: z.looseObject({ team_id: workspaceId }).optional(),
    view: z.looseObject({ app_installed_team_id: workspaceId }).optional(),
    actions: z.array(z.unknown()).optional(),
    response_urls: z.array(object).optional(),
  })
  .superRefine((body, ctx) => {
    const raw = body as Record<string, unknown>;
    if (raw.event !== undefined || raw.command !== undefined) return;
    const interactive = raw.name !== undefined || raw.actions !== undefined || INTERACTIVE_TYPES.has(String(raw.type));
    if (interactive && body.user === undefined) ctx.addIssue({ code: 'custom', path: ['user'], message: 'is required (who pressed, chose or submitted)' });
    if ((raw.type === 'view_submission' || raw.type === 'view_closed') && body.view === undefined)
      ctx.addIssue({ code: 'custom', path: ['view'], message: 'is required for a view payload' });
  });
