/** Command-line options of `npm run chat`. */
export const CHANNEL_STYLES = ['webchat', 'telegram', 'slack', 'whatsapp'] as const;
export type ChannelStyle = (typeof CHANNEL_STYLES)[number];

export interface ChatOptions {
  /** The channel's locale: the language the bot starts in (any language with locale texts). */
  lang?: string;
  channel: ChannelStyle;
  /** Continue a conversation (with REDIS_URL, also after restarting the REPL). */
  conversation?: string;
  /** Play this agent instead of the customer. */
  agent?: string;
  /** ANSI colours and bold; default when stdout is a terminal and NO_COLOR is unset. */
  color: boolean;
  help: boolean;
}

export const USAGE = `Talk to the bot in this terminal, in-process, as a customer would.

  npm run chat [-- options]

  --lang <code>          start in this language (nl, en, or any with a locales/<code>.yaml)
  --channel <name>       show replies the way a channel shows them: ${CHANNEL_STYLES.join(', ')} (default webchat)
  --conversation <id>    continue this conversation (with REDIS_URL even after a restart)
  --agent <id>           play an agent from agents.yaml (in a second terminal, needs REDIS_URL)
  --color / --no-color   force colours on or off
  --help                 this text

Type a message and press Enter. A number picks a button. /new starts a new conversation,
/quit (or Ctrl+D) stops. Uses in-memory stores, or Redis when REDIS_URL is set.`;

/** Parses argv (without node and the script); throws an Error with a message for people. */
export function parseOptions(argv: string[], isTty: boolean, env: Record<string, string | undefined>): ChatOptions {
  const options: ChatOptions = { channel: 'webchat', color: isTty && !env.NO_COLOR, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value; see --help`);
      return v;
    };
    switch (flag) {
      case '--lang':
        options.lang = value().toLowerCase();
        if (!/^[a-z]{2}$/.test(options.lang)) throw new Error(`--lang ${options.lang}: use a two-letter language code such as nl or en`);
        break;
      case '--channel': {
        const channel = value().toLowerCase();
        if (!(CHANNEL_STYLES as readonly string[]).includes(channel)) throw new Error(`--channel ${channel}: choose one of ${CHANNEL_STYLES.join(', ')}`);
        options.channel = channel as ChannelStyle;
        break;
      }
      case '--conversation':
        options.conversation = value();
        break;
      case '--agent':
        options.agent = value();
        break;
      case '--color':
        options.color = true;
        break;
      case '--no-color':
        options.color = false;
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        throw new Error(`unknown option ${arg}; see --help`);
    }
  }
  return options;
}
