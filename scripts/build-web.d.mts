// Types for scripts/build-web.mjs (a plain script, so `npm start` runs it without a compile step).
export declare const outDir: string;
export declare const PAGES: readonly { name: string; script: string; style: string; out: { script: string; style: string }; copy: readonly (readonly [string, string])[] }[];
export declare function webIsStale(): boolean;
export declare function buildWeb(options?: { dev?: boolean }): Promise<string[]>;
export declare function buildWebIfStale(): Promise<boolean>;
