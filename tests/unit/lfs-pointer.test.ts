// Git LFS pointers are told apart from files: the spec's text (version line first) is a pointer with its oid and
// the real size; anything else (a file that only mentions LFS, a CSV, binary) is not; the message names the size
// and where the real file is.
import { describe, expect, it } from 'vitest';
import { lfsPointerMessage, parseLfsPointer } from '$lib/client/lfs-pointer';

const OID = '4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393';
const POINTER = `version https://git-lfs.github.com/spec/v1\noid sha256:${OID}\nsize 12345678\n`;

describe('parseLfsPointer', () => {
	it('reads the oid and the real size', () => {
		expect(parseLfsPointer(POINTER)).toEqual({ oid: OID, size: 12_345_678 });
		expect(parseLfsPointer(POINTER.replaceAll('\n', '\r\n'))).toEqual({ oid: OID, size: 12_345_678 });
	});

	it('a pointer without a size or oid is still a pointer (size unknown)', () => {
		const p = parseLfsPointer('version https://git-lfs.github.com/spec/v1\noid sha256:abc\n');
		expect(p?.oid).toBe('');
		expect(p?.size).toBeNaN();
	});

	it.each([
		['a CSV', 'step,loss\n0,1.5\n'],
		['a README quoting a pointer', `# notes\n${POINTER}`],
		['the version line alone without its newline', 'version https://git-lfs.github.com/spec/v1'],
		['another spec URL', POINTER.replace('git-lfs.github.com', 'example.org')],
		['a zip', 'PK\u0003\u0004\u0014\u0000'],
		['nothing', '']
	])('%s is not a pointer', (_, text) => {
		expect(parseLfsPointer(text)).toBeNull();
	});

	it('a size past the first 1024 bytes is not read (the spec caps pointers there)', () => {
		const padded = `version https://git-lfs.github.com/spec/v1\next ${'x'.repeat(1100)}\nsize 5\n`;
		expect(parseLfsPointer(padded)?.size).toBeNaN();
	});
});

describe('lfsPointerMessage', () => {
	it('names the pointer, the real size and the media URL', () => {
		const message = lfsPointerMessage(
			'https://raw.githubusercontent.com/a/b/main/runs.zip',
			{ oid: OID, size: 12_345_678 },
			'https://media.githubusercontent.com/media/a/b/main/runs.zip'
		);
		expect(message).toContain('is a Git LFS pointer, not the file');
		expect(message).toContain('(12 MB, 12,345,678 bytes)');
		expect(message).toContain('Link to https://media.githubusercontent.com/media/a/b/main/runs.zip instead');
		expect(message).toContain('download the file and drop it here');
	});

	it('without a known host, points at the LFS download; without a size, says none', () => {
		const message = lfsPointerMessage('https://example.org/x.zip', { oid: '', size: NaN }, null);
		expect(message).toContain('the real file in Git LFS');
		expect(message).toContain('"resolve/" link');
	});
});
