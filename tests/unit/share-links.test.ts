// Shared links: the view part round-trips (plain when short, compressed when long), names only the app's own
// routes, carries experiments by name (ids are local to a profile), and the source record finds the one URL
// a view's data came from.
import { describe, expect, it } from 'vitest';
import {
	compareView,
	decodeView,
	encodeView,
	experimentView,
	localPath,
	runView,
	shareLink
} from '$lib/share/view-link';
import { rememberSource, sourceOf, type SourceStore } from '$lib/share/sources';

const ids = Array.from({ length: 40 }, (_, i) => i.toString(16).padStart(32, '0'));

describe('view links', () => {
	it('round-trips short views as text and long ones compressed', () => {
		const short = runView(ids[1]!);
		expect(encodeView(short)).toBe(short);
		const long = compareView(new URLSearchParams({ runs: ids.join(','), v: 'abc' }));
		const encoded = encodeView(long);
		expect(encoded.startsWith('~')).toBe(true);
		expect(encoded.length).toBeLessThan(long.length);
		expect(decodeView(encoded)).toBe(long);
	});

	it.each([
		'https://evil.example/',
		'//evil.example/',
		'runs/../../x/',
		'javascript:alert(1)',
		'storage/',
		'~not-deflate',
		'',
		null
	])('refuses %s', (param) => {
		expect(decodeView(param)).toBeNull();
	});

	it('carries an experiment by name and its filter, mapped back to the local id', async () => {
		const view = experimentView('diabetes / ünïcode?', "metrics.rmse < 60 and params.alpha = '0.1'");
		expect(decodeView(encodeView(view))).toBe(view);
		const lookup = async (name: string) => (name === 'diabetes / ünïcode?' ? '7' : null);
		const path = await localPath(view, lookup);
		expect(path.startsWith('experiments/7/?')).toBe(true);
		expect(new URLSearchParams(path.split('?')[1]).get('filter')).toBe(
			"metrics.rmse < 60 and params.alpha = '0.1'"
		);
		await expect(localPath(experimentView('gone', ''), lookup)).rejects.toThrow(/no experiment named "gone"/);
	});

	it("maps Compare's exp=<id> through the experiment's name", async () => {
		const view = compareView(new URLSearchParams({ exp: '3', v: 'xyz' }), 'quickstart');
		expect(view).toBe('compare/?v=xyz&expName=quickstart');
		expect(await localPath(view, async () => '12')).toBe('compare/?v=xyz&exp=12');
		expect(await localPath(runView('abc'), async () => null)).toBe('runs/abc/');
	});

	it('builds the link with the source URL when there is one', () => {
		const root = 'https://app.example/runboard/';
		expect(shareLink(root, 'runs/abc/', null)).toBe(`${root}?view=runs%2Fabc%2F`);
		const link = new URL(shareLink(root, 'runs/abc/', 'https://files.example/a b.zip'));
		expect(link.pathname).toBe('/runboard/import/');
		expect(link.searchParams.get('url')).toBe('https://files.example/a b.zip');
		expect(decodeView(link.searchParams.get('view'))).toBe('runs/abc/');
	});
});

describe('url sources', () => {
	function memory(): SourceStore & { data: Map<string, string> } {
		const data = new Map<string, string>();
		return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
	}

	it('finds the one URL experiments came from, and none when mixed or unknown', () => {
		const store = memory();
		rememberSource(store, ['1', '2'], 'https://a.example/x.zip');
		rememberSource(store, ['3'], 'https://b.example/y.zip');
		expect(sourceOf(store, ['1'])).toBe('https://a.example/x.zip');
		expect(sourceOf(store, ['1', '2'])).toBe('https://a.example/x.zip');
		expect(sourceOf(store, ['1', '3'])).toBeNull();
		expect(sourceOf(store, ['1', '9'])).toBeNull();
		expect(sourceOf(store, [])).toBeNull();
		rememberSource(store, ['1'], 'https://b.example/y.zip');
		expect(sourceOf(store, ['1', '3'])).toBe('https://b.example/y.zip');
	});

	it('a damaged record is ignored, not fatal', () => {
		const store = memory();
		store.data.set('runboard:url-sources', '{"1": 5, "2": "https://ok.example/a.zip"');
		expect(sourceOf(store, ['2'])).toBeNull();
		store.data.set('runboard:url-sources', '{"1": 5, "2": "https://ok.example/a.zip"}');
		expect(sourceOf(store, ['2'])).toBe('https://ok.example/a.zip');
		expect(sourceOf(store, ['1'])).toBeNull();
	});
});
