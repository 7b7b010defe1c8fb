import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import wweb from 'whatsapp-web.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisAuthStore } from '../../../src/adapters/whatsapp/redis-auth-store.js';
import { testRedisUrl, uniquePrefix } from '../../support/redis.js';

const { Client, RemoteAuth } = wweb;

/** RemoteAuth's own steps, which the library runs around the browser's start and once ready. */
interface RemoteAuthSteps {
  beforeBrowserInitialized(): Promise<void>;
  storeRemoteSession(options?: { emit?: boolean }): Promise<void>;
  userDataDir: string;
}

describe('the WhatsApp session in Redis (RemoteAuth store)', () => {
  let redis: Redis;
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'balie-wa-auth-'));
    dirs.push(dir);
    return dir;
  };

  beforeAll(() => {
    redis = new Redis(testRedisUrl());
  });
  afterAll(async () => {
    await redis.quit();
  });
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A process's RemoteAuth on its own session directory, set up on a real (never started) Client. */
  const remoteAuth = (store: RedisAuthStore, dataPath: string) => {
    const auth = new RemoteAuth({ store, clientId: 'balie', dataPath, backupSyncIntervalMs: 60_000 });
    const client = new Client({ authStrategy: auth });
    return { auth: auth as unknown as RemoteAuthSteps, client };
  };

  it('a session zipped by RemoteAuth in one process is restored by RemoteAuth in another', async () => {
    const prefix = uniquePrefix('wa-auth');
    const dirA = tempDir();
    const a = remoteAuth(new RedisAuthStore({ redis, prefix, dataPath: dirA }), dirA);
    await a.auth.beforeBrowserInitialized();
    // What Chromium keeps for WhatsApp Web, plus a cache RemoteAuth leaves out.
    const profile = a.auth.userDataDir;
    mkdirSync(join(profile, 'Default', 'Local Storage', 'leveldb'), { recursive: true });
    mkdirSync(join(profile, 'Default', 'IndexedDB', 'https_web.whatsapp.com_0.indexeddb.leveldb'), { recursive: true });
    mkdirSync(join(profile, 'Default', 'Cache'), { recursive: true });
    writeFileSync(join(profile, 'Default', 'Local Storage', 'leveldb', '000003.log'), 'WABrowserId=secret-browser-id');
    writeFileSync(join(profile, 'Default', 'IndexedDB', 'https_web.whatsapp.com_0.indexeddb.leveldb', 'CURRENT'), Buffer.from([0, 1, 2, 255]));
    writeFileSync(join(profile, 'Default', 'Cache', 'data_0'), 'cache');

    await a.auth.storeRemoteSession();

    const stored = await redis.getBuffer(`${prefix}whatsapp:session:RemoteAuth-balie`);
    expect(stored?.subarray(0, 2).toString()).toBe('PK');
    expect(existsSync(join(dirA, 'RemoteAuth-balie.zip'))).toBe(false);

    const dirB = tempDir();
    const b = remoteAuth(new RedisAuthStore({ redis, prefix, dataPath: dirB }), dirB);
    await b.auth.beforeBrowserInitialized();
    // Complete by the time Chromium would start (RemoteAuth's own unzip resolves too early).
    const restored = b.auth.userDataDir;
    expect(restored).toBe(join(dirB, 'RemoteAuth-balie'));
    expect((b.client as unknown as { options: { puppeteer: { userDataDir?: string } } }).options.puppeteer.userDataDir).toBe(restored);
    expect(readFileSync(join(restored, 'Default', 'Local Storage', 'leveldb', '000003.log'), 'utf8')).toBe('WABrowserId=secret-browser-id');
    expect([...readFileSync(join(restored, 'Default', 'IndexedDB', 'https_web.whatsapp.com_0.indexeddb.leveldb', 'CURRENT'))]).toEqual([0, 1, 2, 255]);
    expect(existsSync(join(restored, 'Default', 'Cache'))).toBe(false);
  });

  it('sessionExists, extract and delete follow what is stored', async () => {
    const prefix = uniquePrefix('wa-auth');
    const dir = tempDir();
    const store = new RedisAuthStore({ redis, prefix, dataPath: dir });
    expect(await store.sessionExists({ session: 'RemoteAuth-balie' })).toBe(false);
    await expect(store.extract({ session: 'RemoteAuth-balie', path: join(dir, 'x.zip') })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const zip = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from([0, 0, 255, 254, 10, 13])]);
    writeFileSync(join(dir, 'RemoteAuth-balie.zip'), zip);
    await store.save({ session: 'RemoteAuth-balie' });
    expect(await store.sessionExists({ session: 'RemoteAuth-balie' })).toBe(true);
    // Asked for another file name, the store just writes the zip there.
    await store.extract({ session: 'RemoteAuth-balie', path: join(dir, 'out.zip') });
    expect(readFileSync(join(dir, 'out.zip')).equals(zip)).toBe(true);

    await store.delete({ session: 'RemoteAuth-balie' });
    expect(await store.sessionExists({ session: 'RemoteAuth-balie' })).toBe(false);
  });

  it('keeps the stored session when the file to save is not a zip, or this process lost the lease', async () => {
    const prefix = uniquePrefix('wa-auth');
    const dir = tempDir();
    const good = Buffer.from('PK\x03\x04good');
    await redis.set(`${prefix}whatsapp:session:RemoteAuth-balie`, good);

    writeFileSync(join(dir, 'RemoteAuth-balie.zip'), '');
    await expect(new RedisAuthStore({ redis, prefix, dataPath: dir }).save({ session: 'RemoteAuth-balie' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    const skipped: string[] = [];
    const standby = new RedisAuthStore({ redis, prefix, dataPath: dir, canWrite: () => false, onSkipped: (what) => skipped.push(what) });
    writeFileSync(join(dir, 'RemoteAuth-balie.zip'), 'PK\x03\x04other');
    await standby.save({ session: 'RemoteAuth-balie' });
    await standby.delete({ session: 'RemoteAuth-balie' });
    expect(skipped).toEqual(['save', 'delete']);
    expect((await redis.getBuffer(`${prefix}whatsapp:session:RemoteAuth-balie`))?.equals(good)).toBe(true);
  });

  it('refuses session names that are not plain ids', async () => {
    const store = new RedisAuthStore({ redis, prefix: uniquePrefix('wa-auth'), dataPath: tempDir() });
    await expect(store.sessionExists({ session: '../../etc' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
