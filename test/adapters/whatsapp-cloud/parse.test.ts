import { describe, expect, it } from 'vitest';
import { parseDelivery, webhookSchema } from '../../../src/adapters/whatsapp-cloud/parse.js';
import { PHONE_NUMBER_ID, delivery, recorded, type WebhookBody } from './payloads.js';

const parse = (body: WebhookBody) => parseDelivery(webhookSchema.parse(body), PHONE_NUMBER_ID);
const only = (message: Record<string, unknown>) => {
  const { messages, skipped } = parse(delivery(message, { id: 'wamid.ONE', waId: '31612345678', name: 'Anna de Vries' }));
  expect(skipped).toEqual([]);
  expect(messages).toHaveLength(1);
  return messages[0]!.activity;
};

describe('WhatsApp Cloud payloads as activities', () => {
  it('reads the recorded text message: sender, name, conversation, id and time', () => {
    const { messages, statuses } = parse(recorded.firstMessage);
    expect(statuses).toEqual([]);
    expect(messages).toHaveLength(1);
    const { nativeId, activity } = messages[0]!;
    expect(nativeId).toBe('wamid.FAKE_MSG_ID_001');
    expect(activity).toMatchObject({
      type: 'message',
      id: 'wamid.FAKE_MSG_ID_001',
      text: 'What is Vercel?',
      from: { id: '15550002222', name: 'Test User', role: 'user' },
      conversation: { id: '15550002222', isGroup: false, conversationType: 'personal' },
      recipient: { id: '100000000000001' },
    });
    expect(activity.timestamp).toEqual(new Date(1772998024 * 1000));
    expect(activity.channelData).toMatchObject({ message: { id: 'wamid.FAKE_MSG_ID_001' }, contact: { wa_id: '15550002222' } });
  });

  it('guesses the locale from the country calling code, as WhatsApp gives no language', () => {
    expect(only({ type: 'text', text: { body: 'hoi' } }).locale).toBe('nl-NL');
    expect(parse(recorded.firstMessage).messages[0]!.activity.locale).toBe('en-US');
    const unknown = parse(delivery({ type: 'text', text: { body: 'hi' } }, { waId: '8801712345678' })).messages[0]!.activity;
    expect(unknown.locale).toBeUndefined();
  });

  it('keeps the recorded status update apart from messages', () => {
    const { messages, statuses } = parse(recorded.statusUpdate);
    expect(messages).toEqual([]);
    expect(statuses).toMatchObject([{ id: 'wamid.FAKE_MSG_SENT_001', status: 'sent' }]);
  });

  it('turns an image into a lazy attachment with its caption as text', () => {
    const a = only({ type: 'image', image: { id: '1234567890', mime_type: 'image/jpeg', sha256: 'abc', caption: 'my broken vase' } });
    expect(a.text).toBe('my broken vase');
    expect(a.attachments).toEqual([{ contentType: 'image/jpeg', contentUrl: 'whatsapp-cloud-media:1234567890', name: undefined }]);
  });

  it('keeps the file name of a document', () => {
    const a = only({ type: 'document', document: { id: '555', mime_type: 'application/pdf', filename: 'receipt.pdf', sha256: 'x' } });
    expect(a.attachments).toEqual([{ contentType: 'application/pdf', contentUrl: 'whatsapp-cloud-media:555', name: 'receipt.pdf' }]);
    expect(a.text).toBeUndefined();
  });

  it.each([
    ['audio (a voice note)', { type: 'audio', audio: { id: '11', mime_type: 'audio/ogg; codecs=opus', voice: true } }, 'audio/ogg; codecs=opus'],
    ['voice', { type: 'voice', voice: { id: '11', mime_type: 'audio/ogg; codecs=opus' } }, 'audio/ogg; codecs=opus'],
    ['video', { type: 'video', video: { id: '11', mime_type: 'video/mp4' } }, 'video/mp4'],
    ['sticker', { type: 'sticker', sticker: { id: '11', mime_type: 'image/webp', animated: false } }, 'image/webp'],
  ])('turns %s into a lazy attachment', (_kind, message, contentType) => {
    expect(only(message).attachments).toEqual([{ contentType, contentUrl: 'whatsapp-cloud-media:11', name: undefined }]);
  });

  it('turns a shared location into a location attachment', () => {
    const a = only({ type: 'location', location: { latitude: 52.0907, longitude: 5.1214, name: 'Tulp & Co', address: 'Oudegracht 1, Utrecht' } });
    expect(a.attachments).toEqual([
      { contentType: 'application/vnd.balie.location', name: 'Tulp & Co', content: { latitude: 52.0907, longitude: 5.1214, name: 'Tulp & Co', address: 'Oudegracht 1, Utrecht' } },
    ]);
  });

  it('turns shared contacts into contact cards', () => {
    const a = only({
      type: 'contacts',
      contacts: [
        { name: { formatted_name: 'Piet Jansen', first_name: 'Piet', last_name: 'Jansen' }, phones: [{ phone: '+31 6 11122233', wa_id: '31611122233', type: 'CELL' }] },
        { name: { first_name: 'Els', last_name: 'Bakker' }, phones: [] },
      ],
    });
    expect(a.attachments).toEqual([
      { contentType: 'application/vnd.balie.contact', name: 'Piet Jansen', content: { name: 'Piet Jansen', phones: ['+31 6 11122233'] } },
      { contentType: 'application/vnd.balie.contact', name: 'Els Bakker', content: { name: 'Els Bakker', phones: [] } },
    ]);
  });

  it('turns a reply button press into value.action with the title as text', () => {
    const a = only({
      type: 'interactive',
      interactive: { type: 'button_reply', button_reply: { id: 'balie:human:yes', title: 'Yes, a person please' } },
      context: { from: '15550001111', id: 'wamid.ASKED' },
    });
    expect(a).toMatchObject({ text: 'Yes, a person please', value: { action: 'balie:human:yes' }, replyToId: 'wamid.ASKED' });
  });

  it('turns a list choice into value.action with the title as text', () => {
    const a = only({ type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'topic-returns', title: 'Returns', description: 'Send something back' } } });
    expect(a).toMatchObject({ text: 'Returns', value: { action: 'topic-returns' } });
  });

  it('turns a template quick-reply button into value.action', () => {
    const a = only({ type: 'button', button: { payload: 'TRACK_ORDER', text: 'Track my order' } });
    expect(a).toMatchObject({ text: 'Track my order', value: { action: 'TRACK_ORDER' } });
  });

  it('keeps the message a customer replied to', () => {
    const a = only({ type: 'text', text: { body: 'this one' }, context: { from: '15550001111', id: 'wamid.EARLIER' } });
    expect(a.replyToId).toBe('wamid.EARLIER');
    expect(a.channelData).toMatchObject({ message: { context: { id: 'wamid.EARLIER' } } });
  });

  it('skips reactions, unsupported and system messages without failing the delivery', () => {
    for (const message of [
      { type: 'reaction', reaction: { message_id: 'wamid.X', emoji: '👍' } },
      { type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown' }] },
      { type: 'system', system: { body: 'changed number' } },
      { type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: { response_json: '{}' } } },
    ]) {
      const { messages, skipped } = parse(delivery(message));
      expect(messages).toEqual([]);
      expect(skipped[0]!.reason).toBe('unsupported-type');
    }
  });

  it('ignores messages to another phone number of the same business account', () => {
    const { messages, skipped } = parse(delivery({ type: 'text', text: { body: 'hi' } }, { phoneNumberId: '999999999999' }));
    expect(messages).toEqual([]);
    expect(skipped).toEqual([{ reason: 'other-phone-number', phoneNumberId: '999999999999' }]);
  });

  it('names what is wrong in a malformed delivery', () => {
    const missingId = delivery({ type: 'text', text: { body: 'hi' } });
    delete missingId.entry[0]!.changes[0]!.value.messages![0]!.id;
    expect(webhookSchema.safeParse(missingId).error?.issues[0]?.path).toEqual(['entry', 0, 'changes', 0, 'value', 'messages', 0, 'id']);
    const imageWithoutImage = delivery({ type: 'image' });
    expect(webhookSchema.safeParse(imageWithoutImage).error?.issues[0]).toMatchObject({
      path: ['entry', 0, 'changes', 0, 'value', 'messages', 0, 'image'],
      message: 'is missing for a message of type "image"',
    });
  });
});
