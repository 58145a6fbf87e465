// Links people paste: page URLs of GitHub, Gists and Hugging Face become their raw files; anything but https
// (or http on this machine) is refused; other URLs are kept as they are.
import { describe, expect, it } from 'vitest';
import { corsHint, fileNameOf, lfsMediaUrl, MAX_URL_LENGTH, rawUrl } from '$lib/client/link-url';

describe('rawUrl', () => {
	it.each([
		[
			'https://github.com/acme/runs/blob/main/data/mlruns.zip',
			'https://raw.githubusercontent.com/acme/runs/main/data/mlruns.zip'
		],
		[
			'https://github.com/acme/runs/raw/v1.2/mlflow.db#L1',
			'https://raw.githubusercontent.com/acme/runs/v1.2/mlflow.db'
		],
		[
			'https://gist.github.com/alice/0123456789abcdef0123456789abcdef',
			'https://gist.githubusercontent.com/alice/0123456789abcdef0123456789abcdef/raw'
		],
		['https://gist.github.com/0123abcd/', 'https://gist.githubusercontent.com/anonymous/0123abcd/raw'],
		[
			'https://gist.github.com/alice/0123abcd/raw/metrics.csv',
			'https://gist.githubusercontent.com/alice/0123abcd/raw/metrics.csv'
		],
		[
			'https://gist.github.com/alice/0123abcd/raw/9f8e7d/trainer_state.json',
			'https://gist.githubusercontent.com/alice/0123abcd/raw/9f8e7d/trainer_state.json'
		],
		[
			'https://github.com/acme/runs/blob/refs/heads/dev/logs/events.out.tfevents.1.host#L3',
			'https://raw.githubusercontent.com/acme/runs/refs/heads/dev/logs/events.out.tfevents.1.host'
		],
		[
			'https://huggingface.co/spaces/acme/demo/blob/main/mlruns.zip',
			'https://huggingface.co/spaces/acme/demo/resolve/main/mlruns.zip'
		],
		[
			'https://raw.githubusercontent.com/acme/runs/main/a.zip',
			'https://raw.githubusercontent.com/acme/runs/main/a.zip'
		],
		['https://gist.github.com/alice', 'https://gist.github.com/alice'],
		[
			'https://huggingface.co/acme/model/blob/main/runs/mlruns.zip',
			'https://huggingface.co/acme/model/resolve/main/runs/mlruns.zip'
		],
		[
			'https://huggingface.co/datasets/acme/runs/blob/main/mlflow.db?download=true',
			'https://huggingface.co/datasets/acme/runs/resolve/main/mlflow.db?download=true'
		],
		['https://example.org/files/blob/x.zip', 'https://example.org/files/blob/x.zip'],
		['https://github.com/acme/runs', 'https://github.com/acme/runs'],
		['http://127.0.0.1:8000/a.zip', 'http://127.0.0.1:8000/a.zip'],
		['http://localhost/a.zip', 'http://localhost/a.zip']
	])('%s → %s', (input, expected) => {
		expect(rawUrl(input).href).toBe(expected);
	});

	it.each(['http://example.org/a.zip', 'ftp://example.org/a.zip', 'file:///etc/passwd', 'not a url', ''])(
		'refuses %s',
		(input) => {
			expect(() => rawUrl(input)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
		}
	);

	it.each([
		['javascript:alert(document.domain)', /javascript: link runs code/],
		['  JavaScript:alert(1)', /javascript: link runs code/],
		['data:application/zip;base64,UEsDBA==', /data: URL carries its content inside the link/],
		['blob:https://example.org/0b6f', /blob: URL belongs to another page/],
		['file:///home/me/mlruns.zip', /file: URL names a file on this computer.*drop the file here/],
		['http://example.org/a.zip', /not encrypted/]
	])('refuses %s with its reason', (input, message) => {
		expect(() => rawUrl(input)).toThrow(message);
	});

	it('refuses a very long URL without echoing it', () => {
		const long = `https://example.org/${'a'.repeat(MAX_URL_LENGTH)}`;
		let message = '';
		try {
			rawUrl(long);
		} catch (e) {
			message = (e as Error).message;
		}
		expect(message).toMatch(/is 8,212 characters long: a link to a file is at most 8,192/);
		expect(message.length).toBeLessThan(200);
		// Just under the cap is a URL like any other.
		expect(rawUrl(long.slice(0, MAX_URL_LENGTH)).hostname).toBe('example.org');
	});

	it('shows at most 80 characters of something that is not a URL', () => {
		expect(() => rawUrl('x'.repeat(500))).toThrow(new RegExp(`^"${'x'.repeat(80)}…" is not a URL\\.$`));
	});
});

describe('fileNameOf and lfsMediaUrl', () => {
	it('decodes the last segment, and keeps a malformed escape raw', () => {
		expect(fileNameOf(new URL('https://h.org/a/my%20runs.zip'))).toBe('my runs.zip');
		expect(fileNameOf(new URL('https://h.org/a/bad%E0.zip'))).toBe('bad%E0.zip');
		expect(fileNameOf(new URL('https://h.org/'))).toBe('download');
	});
	it('points a raw GitHub pointer at the media host', () => {
		expect(lfsMediaUrl(new URL('https://raw.githubusercontent.com/a/b/main/x.zip'))).toBe(
			'https://media.githubusercontent.com/media/a/b/main/x.zip'
		);
		expect(lfsMediaUrl(new URL('https://example.org/x.zip'))).toBeNull();
		expect(lfsMediaUrl(new URL('https://huggingface.co/datasets/a/b/raw/main/x.zip'))).toBe(
			'https://huggingface.co/datasets/a/b/resolve/main/x.zip'
		);
		expect(lfsMediaUrl(new URL('https://huggingface.co/a/b/resolve/main/x.zip'))).toBeNull();
	});
});

describe('corsHint', () => {
	it.each([
		['https://github.com/a/b/releases/download/v1/runs.zip', /GitHub release downloads.*drop it here/],
		['https://drive.google.com/uc?id=1&export=download', /Google Drive.*drop it here/],
		['https://www.dropbox.com/s/x/runs.zip?dl=1', /Dropbox.*drop it here/]
	])('%s has its own advice', (url, advice) => {
		expect(corsHint(new URL(url))).toMatch(advice);
	});
	it.each([
		'https://github.com/a/b/blob/main/x.zip',
		'https://example.org/runs.zip',
		'https://drive.google.com.example.org/x'
	])('%s has none', (url) => {
		expect(corsHint(new URL(url))).toBeNull();
	});
});
