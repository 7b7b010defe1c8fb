import type { Activity, ResourceResponse } from 'botbuilder-core';
import type { Request, Response, Server } from 'restify';
import { ChannelAdapter } from '../../../src/core/channel-adapter.js';
import { HttpError, route, validate } from '../../../src/core/http.js';
import { jsonBody } from '../../../src/core/http-guards.js';
import { formatActivity } from './format.js';
import type { SmsSettings } from './module.js';
import { SMS_CHANNEL, inboundSchema, toActivity } from './parse.js';
import { sendText } from './send.js';
import { SECRET_HEADER, verifySecret } from './verify.js';

export const WEBHOOK_PATH = '/webhooks/sms';

/** The parts every adapter has: verify, parse (toActivity), format, send; the rest is core's. */
export class SmsAdapter extends ChannelAdapter {
  readonly channelId = SMS_CHANNEL;

  constructor(private readonly settings: SmsSettings) {
    super();
  }

  override registerRoutes(server: Server): void {
    server.post(
      WEBHOOK_PATH,
      route(
        (err) => this.logger.error({ err }, 'SMS webhook failed'),
        async (req: Request, res: Response) => {
          const verified = verifySecret(this.settings.webhookSecret, req.headers[SECRET_HEADER]);
          if (!verified.ok) throw new HttpError(401, 'UNAUTHENTICATED', verified.reason);
          const text = validate(inboundSchema, jsonBody(req));
          await this.receive(toActivity(text), text.id);
          res.send(200, { status: 'ok' });
        },
      ),
    );
  }

  protected async deliver(activity: Partial<Activity>): Promise<ResourceResponse> {
    const to = activity.conversation?.id;
    if (!to) throw new HttpError(500, 'BAD_REQUEST', 'an SMS reply needs a conversation');
    let id = '';
    for (const part of formatActivity(activity)) id = await sendText(this.settings.gatewayUrl, to, part);
    return { id };
  }
}
