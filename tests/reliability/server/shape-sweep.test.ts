// Wrong-shaped server JSON at random (mutations.ts), each seed one import through the real DB API: every import
// ends, refused as IMPORT_CORRUPT or imported with what was usable, never INTERNAL (a wrong type that reached
// SQLite) nor INVALID_ARGUMENT (one that reached the writer's checks); the report counts exactly the runs stored.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sized } from '../size';
import { BASELINE, RUN_A, RUN_B } from './baseline';
import { type HostileServer, startHostileServer } from './hostile-server';
import { importFrom } from './outcome';

const SEEDS = sized(2000, 10_000);
/** A well-behaved import makes 13 requests; a mutated listing may name a few more files or folders. */
const MAX_REQUESTS = 30;

let server: HostileServer;
const tally = { imported: 0, withWarnings: 0, refused: 0, internal: 0, hangs: 0, maxRequests: 0 };

beforeAll(async () => {
	server = await startHostileServer();
	await (await fetch(`${server.url('ok')}/version`)).text();
});

afterAll(async () => {
	await server.close();
	const t = tally;
	console.log(
		`server JSON sweep: ${SEEDS} mutated servers, ${t.imported} imported (${t.withWarnings} with warnings), ` +
			`${t.refused} refused as IMPORT_CORRUPT, ${t.internal} INTERNAL, ${t.hangs} hangs, max ${t.maxRequests} requests`
	);
});

it(`${SEEDS} servers answering wrong-shaped JSON: each ends with a clear outcome and whole runs`, async () => {
	const failures: string[] = [];
	const files = [...BASELINE.files.keys()];
	for (let seed = 1; seed <= SEEDS; seed++) {
		const o = await importFrom(server, `mutate-${seed}`);
		const fail = (why: string) => failures.push(`seed ${seed}: ${why}`);
		tally.maxRequests = Math.max(tally.maxRequests, o.stats.requests);
		if (o.hung) {
			tally.hangs++;
			fail('hung');
		}
		if (o.stats.requests > MAX_REQUESTS) fail(`${o.stats.requests} requests`);
		if (o.error) {
			if (o.error.code === 'IMPORT_CORRUPT') tally.refused++;
			else fail(`${o.error.code}: ${o.error.message}`);
			if (o.error.code === 'INTERNAL') tally.internal++;
			continue;
		}
		tally.imported++;
		if (o.report?.warnings.length) tally.withWarnings++;
		if (o.report?.runsWritten !== o.runs.length)
			fail(`the report counts ${o.report?.runsWritten} runs, ${o.runs.length} are stored`);
		for (const r of o.runs) {
			if (![RUN_A, RUN_B].includes(r.runId)) fail(`a run ${r.runId} the server never listed`);
			if (r.points.length > BASELINE.points.length) fail(`run ${r.runId} has ${r.points.length} points`);
			if (r.artifacts.some((a) => !files.includes(a))) fail(`run ${r.runId} has artifacts ${r.artifacts}`);
		}
	}
	expect(failures).toEqual([]);
	// The sweep must exercise both endings, or it tests nothing.
	expect(tally.refused).toBeGreaterThan(0);
	expect(tally.withWarnings).toBeGreaterThan(0);
});
