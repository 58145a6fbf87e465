import { describe, expect, it } from 'vitest';
import { cacheName, isWorkerScript, staleCaches, workerReferences } from '../../src/lib/offline/precache';

const ROOT = '/runboard/_app/immutable/workers/';
const ENTRY = `http://127.0.0.1:4173${ROOT}db.worker-tNWg4vVB.js`;

describe('what the service worker saves', () => {
	it('finds the chunks, the wasm and the OPFS proxy a worker loads, as the bundler writes them', () => {
		const source =
			'import{a as e}from"./chunks/Bzif69eZ.js";import"./chunks/hWg2U7Ov.js";' +
			'const w=""+new URL("/runboard/_app/immutable/workers/assets/sqlite3-k2cTanUO.wasm",import.meta.url).href,' +
			"p='/runboard/_app/immutable/workers/assets/sqlite3-opfs-async-proxy-DeAec6oc.js';";
		expect(workerReferences(source, ENTRY, ROOT).sort()).toEqual([
			`${ROOT}assets/sqlite3-k2cTanUO.wasm`,
			`${ROOT}assets/sqlite3-opfs-async-proxy-DeAec6oc.js`,
			`${ROOT}chunks/Bzif69eZ.js`,
			`${ROOT}chunks/hWg2U7Ov.js`
		]);
	});

	it('ignores other origins, paths outside the workers folder and strings that are not files', () => {
		const source =
			'fetch("https://example.com/x.js");import"../../entry/start.js";' +
			'const a="/other/_app/immutable/workers/x.js",b="./notes.txt",c="chunks/no-dot-prefix.js";';
		expect(workerReferences(source, ENTRY, ROOT)).toEqual([]);
	});

	it('names caches by version and deletes only older caches of this app', () => {
		expect(cacheName('17')).toBe('runboard-17');
		expect(staleCaches(['runboard-16', 'runboard-17', 'someone-else', 'runboard-15'], '17')).toEqual([
			'runboard-16',
			'runboard-15'
		]);
	});

	it('reads only worker scripts for what they load', () => {
		expect(isWorkerScript(`${ROOT}db.worker-x.js`, ROOT)).toBe(true);
		expect(isWorkerScript(`${ROOT}assets/sqlite3-x.wasm`, ROOT)).toBe(false);
		expect(isWorkerScript('/runboard/_app/immutable/entry/start.js', ROOT)).toBe(false);
	});
});
