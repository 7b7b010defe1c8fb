/**
 * Writes what was taught from the desk (the FAQ overlay in Redis) into config/faq.<lang>.yaml, so it
 * can be reviewed and committed, then runs the check:faq rules on the result.
 *   npm run faq:export [-- <configDir>] [-- --clear]
 * Reads the overlay from the Redis balie uses (REDIS_URL / BALIE_REDIS_PREFIX, as `npm start`);
 * writes into the folder given, else BALIE_CONFIG_DIR, else ./config. `--clear` empties the overlay
 * afterwards (do it once the files are deployed: the processes then answer from the files alone).
 * Exporting twice changes nothing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { channelModules } from '../src/adapters/index.js';
import { configDirOf, faqChannelKeys, loadConfig } from '../src/config.js';
import { ConfigError } from '../src/core/errors.js';
import { createRedisFaqOverlay } from '../src/core/listening/overlay.js';
import { createLogger } from '../src/core/logger.js';
import { createRedisStores } from '../src/core/stores.js';
import { checkFaq } from '../src/dialogs/faq/check.js';
import { exportIntoFaqYaml } from '../src/dialogs/faq/export.js';
import { loadFaqDir } from '../src/dialogs/faq/load.js';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const clear = args.includes('--clear');
  const dirArg = args.find((a) => !a.startsWith('--'));
  const configDir = dirArg ? resolve(dirArg) : configDirOf(process.env);
  // The Redis and prefix balie itself uses (REDIS_URL, a cluster or sentinels; BALIE_REDIS_PREFIX).
  const config = loadConfig({ ...process.env, BALIE_CONFIG_DIR: configDir });
  const target = config.redisUrl ? { kind: 'single' as const, url: config.redisUrl } : config.redis;
  if (!target) {
    console.error('REDIS_URL is not set: without Redis what is taught lives only in the running balie process and cannot be exported; run balie with REDIS_URL to keep it');
    return 1;
  }
  const logger = createLogger({ level: 'warn' });
  const stores = await createRedisStores({ target, prefix: config.redisPrefix, logger });
  try {
    const overlay = createRedisFaqOverlay(stores.redis!, stores.prefix, stores.bus);
    const taught = await overlay.list();
    const files = loadFaqDir(configDir, { channels: faqChannelKeys(channelModules) });
    let total = 0;
    for (const file of files) {
      const path = join(configDir, file.file);
      const { text, added } = exportIntoFaqYaml(readFileSync(path, 'utf8'), file.language, taught);
      if (added) writeFileSync(path, text);
      total += added;
      console.log(`${file.file}: ${added} added`);
    }
    console.log(`${taught.length} taught from the desk, ${total} written into ${configDir}`);
    const problems = checkFaq(loadFaqDir(configDir, { channels: faqChannelKeys(channelModules) })).filter((p) => p.severity === 'error');
    for (const p of problems) console.log(`${p.file}:${p.line} ${p.kind}: ${p.message}`);
    if (problems.length) {
      console.log(`\n${problems.length} check:faq errors: fix them before committing (npm run check:faq)`);
      return 1;
    }
    if (clear) {
      await overlay.clear();
      console.log('the overlay is empty now: every process answers from the files');
    }
    return 0;
  } finally {
    await stores.close();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exitCode = 1;
    } else throw err;
  },
);
