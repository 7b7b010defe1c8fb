import { randomBytes } from 'node:crypto';
import wweb from 'whatsapp-web.js';

/*
 * A stand-in for the browser side of whatsapp-web.js. The library's Node side is real: the
 * Client class (its sendMessage, getChatById, getMessageById, getContactById), Message (its
 * parsing and downloadMedia), Chat.sendStateTyping and MessageMedia all run unchanged. What is
 * replaced is what would need Chromium and web.whatsapp.com:
 *  - `initialize()` starts no browser; it plays the pairing the test asks for (QR, then ready);
 *  - `pupPage` is a fake WhatsApp Web page whose `evaluate()` answers the page scripts those
 *    methods run, the way WhatsApp Web would (the serialised message/chat/contact models), and
 *    records every send. A script it does not know fails loudly instead of being guessed at.
 * Inbound messages are real `new Message(client, raw)` objects, emitted as the library does:
 * `message_create` and then `message` (only `message_create` for our own messages).
 */

type Raw = Record<string, unknown> & { id: { fromMe: boolean; remote: string; id: string; _serialized: string } };
const { Client, Message } = wweb as unknown as { Client: typeof wweb.Client; Message: new (client: wweb.Client, data: Raw) => wweb.Message };

export interface RecordedSend {
  chatId: string;
  /** The text, or the caption of a media message. */
  text: string;
  media?: { mimetype: string; filename?: string | null; bytes: number; data: string };
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  /** whatsapp-web.js's internal send options, as the page receives them. */
  options: Record<string, unknown>;
  id: string;
}

export interface FakeWhatsAppOptions {
  /** 'paired': initialize() goes straight to ready (a stored session); 'qr': it waits for scan(). */
  pairing?: 'paired' | 'qr';
  /** The business's own WhatsApp id. */
  botWid?: string;
}

export class FakeWhatsAppWeb {
  readonly botWid: string;
  pairing: 'paired' | 'qr';
  readonly clients: FakeWhatsAppClient[] = [];
  readonly sent: RecordedSend[] = [];
  readonly typing: string[] = [];
  /** What WhatsApp Web holds: message models by serialised id (for getMessageById). */
  readonly messages = new Map<string, Raw>();
  /** Decrypted media by message id (for downloadMedia). */
  readonly media = new Map<string, { mimetype: string; data: string; filename?: string }>();
  /** Chats WhatsApp Web does not know: a send there resolves to nothing, as the real page does. */
  readonly unknownChats = new Set<string>();
  /** Contacts by id (for getContactById). */
  readonly contacts = new Map<string, { pushname?: string; name?: string }>();
  /** initialize() throws these, one per call. */
  readonly initializeErrors: Error[] = [];
  private readonly sendFailures: unknown[] = [];
  private qrCount = 0;
  private counter = 0;

  constructor(options: FakeWhatsAppOptions = {}) {
    this.botWid = options.botWid ?? '31850000000@c.us';
    this.pairing = options.pairing ?? 'paired';
  }

  /** The clientFactory to give the adapter. */
  readonly createClient = (options: wweb.ClientOptions): wweb.Client => {
    const client = new FakeWhatsAppClient(this, options);
    this.clients.push(client);
    return client;
  };

  /** The newest client, i.e. the one the adapter is using. */
  get client(): FakeWhatsAppClient {
    const client = this.clients.at(-1);
    if (!client) throw new Error('the adapter has not built a WhatsApp client yet');
    return client;
  }

  get initializeCalls(): number {
    return this.clients.filter((c) => c.initialized).length;
  }

  /** The next page scripts that send a message throw these (one each), e.g. `new Error('Protocol error: Target closed.')`. */
  failNextSends(...errors: unknown[]): void {
    this.sendFailures.push(...errors);
  }

  nextQr(): string {
    this.qrCount++;
    return `2@${randomBytes(24).toString('base64')},${randomBytes(32).toString('base64')},${randomBytes(32).toString('base64')},${this.qrCount}`;
  }

  /** The operator scans the QR: the newest client authenticates and becomes ready. */
  scan(): void {
    this.client.becomeReady();
  }

  /** WhatsApp Web drops the connection (e.g. the phone logged this device out). */
  disconnect(reason = 'NAVIGATION'): void {
    this.client.emit('disconnected', reason);
  }

  /** Delivers a message model as WhatsApp Web would: one Message, `message_create` then `message`. */
  deliver(raw: Raw): wweb.Message {
    this.messages.set(raw.id._serialized, raw);
    const client = this.client;
    const message = new Message(client, raw);
    client.emit('message_create', message);
    if (!raw.id.fromMe) client.emit('message', message);
    return message;
  }

  /** Emits an already delivered message again (as after a reconnect). */
  redeliver(id: string): void {
    const raw = this.messages.get(id);
    if (!raw) throw new Error(`no message ${id} was delivered`);
    this.deliver(raw);
  }

  /** A text from a customer in a direct chat. */
  customerSays(chatId: string, body: string, extra: Record<string, unknown> = {}): wweb.Message {
    return this.deliver(this.textModel(chatId, body, extra));
  }

  textModel(chatId: string, body: string, extra: Record<string, unknown> = {}): Raw {
    const id = this.newId();
    return {
      id: { fromMe: false, remote: chatId, id, _serialized: `false_${chatId}_${id}` },
      viewed: false,
      body,
      type: 'chat',
      t: Math.floor(Date.now() / 1000),
      notifyName: 'Alex',
      from: chatId,
      to: this.botWid,
      ack: 1,
      isNewMsg: true,
      star: false,
      mentionedJidList: [],
      groupMentions: [],
      isForwarded: false,
      labels: [],
      hasReaction: false,
      links: [],
      ...extra,
    };
  }

  newId(): string {
    return `3EB0${randomBytes(8).toString('hex').toUpperCase()}${(++this.counter).toString(16).toUpperCase()}`;
  }

  sentTo(chatId: string): RecordedSend[] {
    return this.sent.filter((s) => s.chatId === chatId);
  }

  /** The page's answer to a send: records it, or fails as the test asked. */
  pageSend(chatId: string, content: string, options: Record<string, unknown>): Raw | null {
    if (this.sendFailures.length) throw this.sendFailures.shift();
    if (this.unknownChats.has(chatId)) return null;
    const id = this.newId();
    const media = options.media as { mimetype: string; data: string; filename?: string | null } | undefined;
    const location = options.location as { latitude: number; longitude: number; name?: string; address?: string } | undefined;
    this.sent.push({
      chatId,
      text: media ? String(options.caption ?? '') : content,
      media: media ? { mimetype: media.mimetype, filename: media.filename, bytes: Buffer.from(media.data, 'base64').length, data: media.data } : undefined,
      location: location ? { latitude: location.latitude, longitude: location.longitude, name: location.name, address: location.address } : undefined,
      options,
      id,
    });
    const model: Raw = {
      id: { fromMe: true, remote: chatId, id, _serialized: `true_${chatId}_${id}` },
      body: content,
      type: media ? 'image' : location ? 'location' : 'chat',
      t: Math.floor(Date.now() / 1000),
      from: this.botWid,
      to: chatId,
      ack: 0,
    };
    // WhatsApp Web reports our own message back as `message_create` (fromMe), a moment later.
    const client = this.client;
    setImmediate(() => client.emit('message_create', new Message(client, model)));
    return model;
  }
}

/** The page scripts whatsapp-web.js 1.34 runs for the calls the adapter makes, recognised by their source. */
class FakeWhatsAppWebPage {
  constructor(private readonly world: FakeWhatsAppWeb) {}

  async evaluate(script: unknown, ...args: unknown[]): Promise<unknown> {
    const source = typeof script === 'function' ? script.toString() : String(script);
    const world = this.world;
    if (source.includes('WWebJS.sendMessage(')) {
      const [chatId, content, options] = args as [string, string, Record<string, unknown>];
      return world.pageSend(chatId, content, options);
    }
    if (source.includes("sendChatstate('typing'")) {
      world.typing.push(args[0] as string);
      return true;
    }
    if (source.includes('downloadAndMaybeDecrypt')) {
      const media = world.media.get(args[0] as string);
      return media ? { data: media.data, mimetype: media.mimetype, filename: media.filename, filesize: Buffer.from(media.data, 'base64').length } : null;
    }
    if (source.includes('WWebJS.getChat(chatId)')) {
      const chatId = args[0] as string;
      if (world.unknownChats.has(chatId)) return null;
      const [user, server] = chatId.split('@') as [string, string];
      return {
        id: { server, user, _serialized: chatId },
        formattedTitle: chatId.endsWith('@g.us') ? 'Group' : 'Customer',
        isGroup: chatId.endsWith('@g.us'),
        isReadOnly: false,
        unreadCount: 0,
        t: Math.floor(Date.now() / 1000),
        archive: false,
        isMuted: false,
        muteExpiration: 0,
      };
    }
    if (source.includes('Msg.getMessagesById([messageId])')) {
      return world.messages.get(args[0] as string);
    }
    if (source.includes('WWebJS.getContact(')) {
      const contactId = args[0] as string;
      const [user, server] = contactId.split('@') as [string, string];
      const known = world.contacts.get(contactId);
      return {
        id: { server, user, _serialized: contactId },
        number: user,
        isBusiness: false,
        isEnterprise: false,
        labels: [],
        name: known?.name,
        pushname: known?.pushname,
        type: 'in',
        isMe: false,
        isUser: true,
        isGroup: false,
        isWAContact: true,
        isMyContact: !!known?.name,
        isBlocked: false,
      };
    }
    throw new Error(`the fake WhatsApp Web page does not implement this script: ${source.replace(/\s+/g, ' ').slice(0, 120)}`);
  }
}

/** The real whatsapp-web.js Client, minus the browser. */
export class FakeWhatsAppClient extends Client {
  initialized = false;
  destroyed = false;

  constructor(
    readonly world: FakeWhatsAppWeb,
    options: wweb.ClientOptions,
  ) {
    super(options);
  }

  override async initialize(): Promise<void> {
    this.initialized = true;
    const error = this.world.initializeErrors.shift();
    // The real initialize() emits its events while the page loads, i.e. after the call began.
    await new Promise((r) => setImmediate(r));
    if (error) throw error;
    (this as { pupPage?: unknown }).pupPage = new FakeWhatsAppWebPage(this.world);
    if (this.world.pairing === 'qr') this.emit('qr', this.world.nextQr());
    else this.becomeReady();
  }

  becomeReady(): void {
    const [user, server] = this.world.botWid.split('@') as [string, string];
    this.info = {
      wid: { server, user, _serialized: this.world.botWid },
      me: { server, user, _serialized: this.world.botWid },
      pushname: 'Balie Test Shop',
      platform: 'smba',
    } as unknown as wweb.ClientInfo;
    this.emit('authenticated');
    this.emit('ready');
  }

  override async destroy(): Promise<void> {
    this.destroyed = true;
    (this as { pupPage?: unknown }).pupPage = null;
    await super.destroy();
  }
}
