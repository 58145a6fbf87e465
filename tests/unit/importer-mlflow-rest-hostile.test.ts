// Regressions of the live-server importer against a hostile MLflow-like server (tests/reliability/server has
// every misbehaviour): a repeated page token was followed forever and a Cancel while a body arrived was reported
// as "did not answer JSON" (D4); experiment tags sent as a string ended in INTERNAL SQLITE_CONSTRAINT_NOTNULL
// (D7); an artifact body longer than its declared size was buffered and stored whole (D8).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_A, RUN_B } from '../reliability/server/baseline';
import { type HostileServer, startHostileServer } from '../reliability/server/hostile-server';
import { MODEL_LINE, MODEL_REQUESTS } from '../reliability/server/expectations';
import { importFrom } from '../reliability/server/outcome';

let server: HostileServer;

beforeAll(async () => {
	server = await startHostileServer();
	await (await fetch(`${server.url('ok')}/version`)).text();
});

afterAll(() => server.close());

const kinds = (report: { warnings: { kind: string }[] } | undefined) =>
	report?.warnings.map((w) => w.kind) ?? [];

describe('a hostile MLflow server', () => {
	it('D4: a repeated page token ends paging with a warning; the runs are imported once', async () => {
		const o = await importFrom(server, 'repeat-token-experiments', { limits: { maxPages: 10_000 } });
		expect(o.hung).toBe(false);
		expect(o.stats.requests).toBeLessThanOrEqual(14 + MODEL_REQUESTS);
		expect(o.error).toBeUndefined();
		expect(kinds(o.report)).toEqual(['paging-stopped']);
		expect(o.warnings).toContain('experiments/search: the server sent page token "same" again after 2 pages');
		expect(o.runs.map((r) => r.runId)).toEqual([RUN_A, RUN_B]);
	}, 30_000);

	it('D4: Cancel while an answer arrives says cancelled, not "did not answer JSON"', async () => {
		const o = await importFrom(server, 'stalls-mid-body', {
			limits: { requestTimeoutMs: 60_000 },
			cancelWhen: (stats) => stats.requests >= 2
		});
		expect(o.error).toBeUndefined();
		expect(o.report?.cancelled).toBe(true);
		expect(o.experiments).toEqual([]);
	}, 30_000);

	it('D7: experiment tags sent as a string are skipped with a warning, not INTERNAL', async () => {
		const o = await importFrom(server, 'tags-as-string');
		expect(o.error).toBeUndefined();
		expect(o.warnings).toContain(
			'experiments/search: experiment 1: tags is a string, not a list; it was skipped.'
		);
		expect(o.experiments).toEqual(['Default', 'hostile']);
		expect(o.runs.map((r) => [r.runId, r.points.length, r.artifacts.length])).toEqual([
			[RUN_A, 3, 2],
			[RUN_B, 3, 2]
		]);
	}, 30_000);

	it('D8: a body longer than declared is stopped while it streams and reported, not stored', async () => {
		const o = await importFrom(server, 'body-longer-than-declared', {
			limits: { maxArtifactFileBytes: 100 << 20 }
		});
		expect(o.error).toBeUndefined();
		expect(o.warnings).toContain('big.bin was not stored: the server sent more than the 10 B it declared');
		expect(o.runs.map((r) => r.artifacts)).toEqual([[], []]);
		// The server offered 10 MB per run; what it could write before the transfer stopped is socket buffers.
		expect(o.stats.bytes).toBeLessThan(2 * 10 * 1024 * 1024);
	}, 30_000);

	it('logged models come with their files, as an mlruns folder brings them; MLflow 2 (no endpoint) has none', async () => {
		const o = await importFrom(server, 'ok');
		expect(o.models).toEqual([MODEL_LINE]);
		expect(o.report?.loggedModels).toBe(1);
		expect(o.report?.artifactFiles).toBe(2 * 2 + 1);
		const old = await importFrom(server, 'no-logged-models');
		expect(old.error).toBeUndefined();
		expect(old.models).toEqual([]);
		expect(old.warnings).toBe('');
		expect(old.runs.map((r) => r.artifacts.length)).toEqual([2, 2]);
	}, 30_000);
});
