// Links people paste: page URLs of GitHub, Gists and Hugging Face become their raw files; anything but https
// (or http on this machine) is refused; other URLs are kept as they are.
import { describe, expect, it } from 'vitest';
import { fileNameOf, lfsMediaUrl, rawUrl } from '$lib/client/link-url';

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
	});
});
