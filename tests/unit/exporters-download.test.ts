// The one download helper (src/lib/exporters/download.ts): every download is an application/octet-stream object
// URL of the same bytes (docs/security.md), saved under the given name through a clicked link, revoked later.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DOWNLOAD_TYPE, downloadBlob } from '$lib/exporters/download';

interface FakeAnchor {
	href: string;
	download: string;
	rel: string;
	click: () => void;
	remove: () => void;
}

let anchors: FakeAnchor[];
let events: string[];
let made: Blob[];

beforeEach(() => {
	anchors = [];
	events = [];
	made = [];
	vi.useFakeTimers();
	vi.spyOn(URL, 'createObjectURL').mockImplementation((object) => {
		made.push(object as Blob);
		return `blob:test/${made.length}`;
	});
	vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url) => void events.push(`revoke ${url}`));
	vi.stubGlobal('document', {
		createElement: (tag: string) => {
			expect(tag).toBe('a');
			const a: FakeAnchor = {
				href: '',
				download: '',
				rel: '',
				click: () => void events.push(`click ${a.href} as ${a.download}`),
				remove: () => void events.push('remove')
			};
			anchors.push(a);
			return a;
		},
		body: { append: () => void events.push('append') }
	});
});

afterEach(() => {
	vi.useRealTimers();
	vi.unstubAllGlobals();
	vi.restoreAllMocks();
});

describe('downloadBlob', () => {
	for (const type of ['image/svg+xml', 'text/html', 'text/csv', 'application/zip', '']) {
		it(`saves a ${type || 'untyped'} blob as application/octet-stream with the same bytes`, async () => {
			const blob = new Blob(['<svg onload="x()"/>'], { type });
			downloadBlob(blob, 'picture.svg');
			expect(made).toHaveLength(1);
			expect(made[0]?.type).toBe(DOWNLOAD_TYPE);
			expect(await made[0]?.text()).toBe('<svg onload="x()"/>');
			expect(anchors[0]).toMatchObject({ href: 'blob:test/1', download: 'picture.svg', rel: 'noopener' });
		});
	}

	it('passes an octet-stream blob through as it is', () => {
		const blob = new Blob([Uint8Array.of(1, 2, 3)], { type: DOWNLOAD_TYPE });
		downloadBlob(blob, 'db.sqlite');
		expect(made[0]).toBe(blob);
	});

	it('clicks a link in the document, removes it, and revokes the URL only later', () => {
		downloadBlob(new Blob(['a']), 'a.txt');
		expect(events).toEqual(['append', 'click blob:test/1 as a.txt', 'remove']);
		vi.advanceTimersByTime(9_999);
		expect(events).not.toContain('revoke blob:test/1');
		vi.advanceTimersByTime(1);
		expect(events.at(-1)).toBe('revoke blob:test/1');
	});
});
