// Is a URL a file rather than an MLflow server: by its name (what the server box checks before connecting) or by
// the host's answer (checked after a failed connection); and the file name a Content-Disposition gives, reduced
// to a bare name whatever the host sends.
import { describe, expect, it } from 'vitest';
import { answersWithFile, dispositionName, looksLikeFileUrl } from '$lib/client/file-url';

describe('looksLikeFileUrl', () => {
	it.each([
		'https://example.org/runs.zip',
		'https://example.org/a/mlflow.db',
		'http://127.0.0.1:8000/logs/events.out.tfevents.1622543341.host.86862.0',
		'https://example.org/metrics.CSV',
		'https://example.org/trainer_state.json?download=1',
		'https://example.org/metrics.jsonl',
		'https://example.org/logs.tar.gz',
		'https://example.org/backup.sqlite'
	])('%s is a file', (url) => expect(looksLikeFileUrl(url)).toBe(true));

	it.each([
		'http://127.0.0.1:5000',
		'http://127.0.0.1:5000/',
		'https://mlflow.example.org/tracking',
		'https://example.org/.zip',
		'https://example.org/zip',
		'https://runs.zip.example.org/',
		'not a url',
		''
	])('%s is not', (url) => expect(looksLikeFileUrl(url)).toBe(false));
});

describe('answersWithFile', () => {
	it.each([
		[{ contentType: 'application/zip', contentDisposition: null }, true],
		[{ contentType: 'application/octet-stream', contentDisposition: null }, true],
		[{ contentType: 'application/gzip', contentDisposition: null }, true],
		[{ contentType: 'text/csv; charset=utf-8', contentDisposition: null }, true],
		[{ contentType: 'application/json', contentDisposition: 'attachment; filename="x.json"' }, true],
		[{ contentType: 'application/json', contentDisposition: null }, false],
		[{ contentType: 'text/html; charset=utf-8', contentDisposition: null }, false],
		[{ contentType: 'text/plain', contentDisposition: 'inline' }, false],
		[{ contentType: null, contentDisposition: null }, false]
	])('%o → %s', (headers, expected) => expect(answersWithFile(headers)).toBe(expected));
});

describe('dispositionName', () => {
	it.each([
		['attachment; filename="runs.zip"', 'runs.zip'],
		['attachment; filename=runs.zip', 'runs.zip'],
		['attachment; filename*=UTF-8\'\'m%C3%A9triques.csv; filename="x.csv"', 'métriques.csv'],
		['attachment; filename="../../etc/passwd"', 'passwd'],
		['attachment; filename="C:\\\\Users\\\\me\\\\runs.zip"', 'runs.zip'],
		['attachment; filename=".."', null],
		['attachment; filename="a\u0000b.zip"', 'ab.zip'],
		["attachment; filename*=UTF-8''%E0%A4.zip", null],
		['inline', null],
		[null, null]
	])('%s → %s', (header, expected) => expect(dispositionName(header)).toBe(expected));

	it('caps the name at 255 characters', () => {
		expect(dispositionName(`attachment; filename="${'a'.repeat(400)}.zip"`)).toHaveLength(255);
	});
});
