// The embedding protocol's checks (src/lib/share/embed-protocol.ts) and the remembered origins
// (src/lib/share/embed-trust.ts): every field of a posted message is untrusted, so each malformed shape must be
// refused with its own code and message, and names must come out as plain, bounded text.
import { describe, expect, it } from 'vitest';
import {
	EMBED_MAX_BYTES,
	EMBED_MAX_NAME,
	parseEmbedMessage,
	safeFileName,
	type EmbedParse
} from '$lib/share/embed-protocol';
import { allowedOrigins, allowOrigin, forgetOrigin, isAllowedOrigin } from '$lib/share/embed-trust';

const bytes = (n: number) => new Uint8Array(n).fill(7);

function request(parsed: EmbedParse) {
	if (!parsed.ok) throw new Error(`refused: ${parsed.code}`);
	return parsed.request;
}

describe('parseEmbedMessage', () => {
	it('reads a ping', () => {
		expect(parseEmbedMessage({ runboard: 'ping' })).toEqual({ ok: true, request: { kind: 'ping' } });
	});

	it('ignores traffic that is not Runboard’s', () => {
		for (const data of [null, undefined, 'ping', 42, [], { type: 'x' }, { Runboard: 'ping' }])
			expect(parseEmbedMessage(data)).toEqual({ ok: false, code: 'NOT_RUNBOARD' });
	});

	it('takes an ArrayBuffer, a typed array or a Blob, with its title and name', async () => {
		const fromBuffer = request(parseEmbedMessage({ runboard: { bundle: bytes(5).buffer, title: 'Week 3' } }));
		expect(fromBuffer).toMatchObject({ kind: 'import', title: 'Week 3', fileName: 'Week 3', size: 5 });
		const view = new Uint8Array([0, 1, 2, 3, 4, 5]).subarray(2, 5);
		const fromView = request(parseEmbedMessage({ runboard: { bundle: view, fileName: 'mlflow.db' } }));
		expect(fromView).toMatchObject({ title: 'mlflow.db', fileName: 'mlflow.db', size: 3 });
		if (fromView.kind !== 'import') throw new Error('not an import');
		// The bytes are copied: the sender changing its array afterwards changes nothing here.
		view[0] = 99;
		expect([...new Uint8Array(await fromView.file.arrayBuffer())]).toEqual([2, 3, 4]);
		const blob = new Blob([bytes(9)]);
		expect(request(parseEmbedMessage({ runboard: { bundle: blob } }))).toMatchObject({
			fileName: 'embedded-file',
			title: 'embedded-file',
			size: 9
		});
	});

	it.each([
		[{ runboard: 'pong' }, /runboard: 'ping'/],
		[{ runboard: 42 }, /runboard: 'ping'/],
		[{ runboard: { title: 'no file' } }, /no file/],
		[{ runboard: { bundle: 'text', title: 't' } }, /ArrayBuffer/],
		[{ runboard: { bundle: [1, 2, 3] } }, /ArrayBuffer/],
		[{ runboard: { bundle: new ArrayBuffer(0) } }, /empty/],
		[{ runboard: { bundle: bytes(3), title: 7 } }, /`title` must be a string/],
		[{ runboard: { bundle: bytes(3), fileName: {} } }, /`fileName` must be a string/]
	])('refuses a malformed message %#', (data, message) => {
		const parsed = parseEmbedMessage(data);
		expect(parsed).toMatchObject({ ok: false, code: 'INVALID_MESSAGE' });
		expect(parsed.ok === false && 'message' in parsed && parsed.message).toMatch(message);
	});

	it('refuses a file over the cap, saying the cap and what to do instead', () => {
		expect(request(parseEmbedMessage({ runboard: { bundle: bytes(2048) } }, 2048))).toMatchObject({
			size: 2048
		});
		const parsed = parseEmbedMessage({ runboard: { bundle: bytes(2049) } }, 2048);
		expect(parsed).toMatchObject({ ok: false, code: 'TOO_LARGE' });
		expect(parsed.ok === false && 'message' in parsed && parsed.message).toBe(
			'The file is 2.0 kB; Runboard accepts at most 2.0 kB by postMessage. ' +
				'Share it as a link (?url=) or download it and drop it on the Import page instead.'
		);
		expect(EMBED_MAX_BYTES).toBe(1024 ** 3);
	});

	it('keeps names as bounded plain text', () => {
		const hostile = '<img src=x onerror=alert(1)>\n\tnext\u0000line';
		const parsed = request(parseEmbedMessage({ runboard: { bundle: bytes(1), title: hostile } }));
		// Markup stays as characters (it is only ever shown as text); control characters become spaces.
		expect(parsed).toMatchObject({ title: '<img src=x onerror=alert(1)> next line' });
		const long = request(parseEmbedMessage({ runboard: { bundle: bytes(1), title: '✓'.repeat(500) } }));
		expect(long.kind === 'import' && [...long.title]).toHaveLength(EMBED_MAX_NAME);
	});
});

describe('safeFileName', () => {
	it.each([
		['week3.runboard.zip', 'week3.runboard.zip'],
		['../../etc/passwd', 'passwd'],
		['C:\\runs\\mlflow.db', 'mlflow.db'],
		['..', 'embedded-file'],
		['.hidden', 'hidden'],
		['runs/', 'embedded-file'],
		['', 'embedded-file'],
		[undefined, 'embedded-file']
	])('%s → %s', (name, expected) => {
		expect(safeFileName(name)).toBe(expected);
	});
});

describe('allowed origins', () => {
	function memoryStore() {
		const items = new Map<string, string>();
		return {
			getItem: (k: string) => items.get(k) ?? null,
			setItem: (k: string, v: string) => void items.set(k, v),
			items
		};
	}

	it('remembers, lists and forgets web origins', () => {
		const store = memoryStore();
		expect(allowOrigin(store, 'https://course.example')).toBe(true);
		expect(allowOrigin(store, 'http://127.0.0.1:8888')).toBe(true);
		expect(allowOrigin(store, 'https://course.example')).toBe(true); // once only
		expect(allowedOrigins(store)).toEqual(['http://127.0.0.1:8888', 'https://course.example']);
		expect(isAllowedOrigin(store, 'https://course.example')).toBe(true);
		expect(isAllowedOrigin(store, 'https://course.example.evil')).toBe(false);
		forgetOrigin(store, 'https://course.example');
		expect(isAllowedOrigin(store, 'https://course.example')).toBe(false);
		expect(allowedOrigins(store)).toEqual(['http://127.0.0.1:8888']);
	});

	it('never remembers an opaque origin or something that is not an origin', () => {
		const store = memoryStore();
		for (const origin of ['null', 'file://', 'https://a.example/path', 'javascript:alert(1)', ''])
			expect(allowOrigin(store, origin), origin).toBe(false);
		expect(allowedOrigins(store)).toEqual([]);
		expect(isAllowedOrigin(store, 'null')).toBe(false);
	});

	it('reads a damaged record as empty, and survives a storage that refuses writes', () => {
		const store = memoryStore();
		store.setItem('runboard:embed-allowed-origins', '{not json');
		expect(allowedOrigins(store)).toEqual([]);
		store.setItem('runboard:embed-allowed-origins', JSON.stringify(['null', 3, 'https://ok.example']));
		expect(allowedOrigins(store)).toEqual(['https://ok.example']);
		const full = {
			getItem: () => null,
			setItem: () => {
				throw new Error('QuotaExceededError');
			}
		};
		expect(allowOrigin(full, 'https://course.example')).toBe(false);
	});
});
