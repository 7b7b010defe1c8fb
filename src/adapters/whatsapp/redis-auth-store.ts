import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { BalieError } from '../../core/errors.js';
import type { RedisClient } from '../../core/redis/slots.js';
import type { WAStore } from './library.js';

export interface RedisAuthStoreOptions {
  redis: RedisClient;
  prefix: string;
  /**
   * The RemoteAuth `dataPath`. RemoteAuth writes its zip to `<dataPath>/<session>.zip` but only
   * tells `save()` the session name, so the store has to know where to look.
   */
  dataPath: string;
  /** False while this process does not hold the session lease: then it must not overwrite or delete. */
  canWrite?: () => boolean;
  /** Told when a save or delete is skipped, so the adapter can log it. */
  onSkipped?: (what: 'save' | 'delete', session: string) => void;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** A zip with no entries: just the end-of-central-directory record. */
const EMPTY_ZIP = Buffer.concat([Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(18)]);

interface Unzipper {
  Open: { buffer(data: Buffer): Promise<{ extract(options: { path: string; concurrency?: number }): Promise<unknown> }> };
}
// unzipper is what RemoteAuth itself unzips with (an optional dependency of whatsapp-web.js).
const unzipper = () => createRequire(import.meta.url)('unzipper') as Unzipper;

/**
 * The WhatsApp Web session on Redis, for whatsapp-web.js's RemoteAuth: the zip of the browser
 * profile that RemoteAuth makes (Default/IndexedDB, Default/Local Storage...) stored as one binary
 * string under `<prefix>whatsapp:session:<session>`, so any process can restore it after a
 * restart or a failover without a new QR scan.
 */
export class RedisAuthStore implements WAStore {
  constructor(private readonly options: RedisAuthStoreOptions) {}

  key(session: string): string {
    return `${this.options.prefix}whatsapp:session:${checkName(session)}`;
  }

  async sessionExists({ session }: { session: string }): Promise<boolean> {
    return (await this.options.redis.exists(this.key(session))) === 1;
  }

  async save({ session }: { session: string }): Promise<void> {
    if (this.options.canWrite && !this.options.canWrite()) {
      this.options.onSkipped?.('save', session);
      return;
    }
    const file = join(this.options.dataPath, `${checkName(session)}.zip`);
    const zip = await readFile(file).catch((err: unknown) => {
      throw new BalieError('STORAGE_UNAVAILABLE', `the WhatsApp session zip ${file} could not be read`, { cause: err });
    });
    // A truncated or empty file would replace a good session with one that cannot be restored.
    if (zip.length < ZIP_MAGIC.length || !zip.subarray(0, 4).equals(ZIP_MAGIC)) {
      throw new BalieError('BAD_REQUEST', `the WhatsApp session file ${file} is not a zip archive; the stored session was kept`);
    }
    await this.options.redis.set(this.key(session), zip);
  }

  async extract({ session, path }: { session: string; path: string }): Promise<void> {
    const zip = await this.options.redis.getBuffer(this.key(session));
    if (!zip) throw new BalieError('NOT_FOUND', `no WhatsApp session "${session}" is stored in Redis`);
    if (basename(path) !== `${checkName(session)}.zip`) {
      await writeFile(path, zip);
      return;
    }
    /*
     * RemoteAuth unzips `<dataPath>/<session>.zip` into `<dataPath>/<session>` but resolves on the
     * unzip stream's 'finish', which comes when the zip has been read, not when the files are
     * written; Chromium can then start on a half-restored profile. So the profile is restored
     * here, completely, and RemoteAuth is handed an empty zip that it unzips and deletes.
     */
    await (await unzipper().Open.buffer(zip)).extract({ path: join(dirname(path), checkName(session)), concurrency: 10 });
    await writeFile(path, EMPTY_ZIP);
  }

  async delete({ session }: { session: string }): Promise<void> {
    if (this.options.canWrite && !this.options.canWrite()) {
      this.options.onSkipped?.('delete', session);
      return;
    }
    await this.options.redis.del(this.key(session));
  }
}

function checkName(session: string): string {
  if (!/^[\w-]{1,100}$/.test(session)) throw new BalieError('BAD_REQUEST', `"${session}" is not a valid WhatsApp session name`);
  return session;
}
