// Every misbehaviour of the hostile MLflow server, imported through the real DB API with Node's real fetch: each
// must end (no hang), within a bound on requests and bytes that follows from the limits, with a clear message or
// warning, and with only whole runs stored (the cases: cases-bounds.ts, cases-shapes.ts). Prints one summary line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOUND_CASES } from './cases-bounds';
import { MODEL_CASES } from './cases-models';
import { SHAPE_CASES } from './cases-shapes';
import { type HostileServer, startHostileServer } from './hostile-server';
import { MISBEHAVIOUR_NAMES } from './misbehaviours';
import { importFrom } from './outcome';

const CASES = [...BOUND_CASES, ...SHAPE_CASES, ...MODEL_CASES];

let server: HostileServer;
const figures = { cases: 0, maxRequests: 0, maxBytes: 0, hangs: 0 };

beforeAll(async () => {
	server = await startHostileServer();
	// Node loads its fetch on first use: not inside the first case's request timeout.
	await (await fetch(`${server.url('ok')}/version`)).text();
});

afterAll(async () => {
	await server.close();
	// Bytes are what the server wrote to its sockets: past a cap the client stops reading, but the kernel's socket
	// buffers still take a few MB of an endless body.
	const bytes = figures.maxBytes.toLocaleString('en-US');
	console.log(
		`hostile servers: ${figures.cases} cases, each bounded: max ${figures.maxRequests} requests, max ${bytes} bytes, ${figures.hangs} hangs`
	);
});

describe('a hostile MLflow server', () => {
	it('every misbehaviour of the server has a case', () => {
		const covered = new Set(CASES.map((c) => c.server ?? c.name));
		expect(MISBEHAVIOUR_NAMES.filter((name) => !covered.has(name))).toEqual([]);
	});

	for (const c of CASES) {
		it(`${c.name}: ends bounded, with a clear message, only whole runs`, async () => {
			const o = await importFrom(server, c.server ?? c.name, { limits: c.limits, cancelWhen: c.cancelWhen });
			figures.cases++;
			figures.maxRequests = Math.max(figures.maxRequests, o.stats.requests);
			figures.maxBytes = Math.max(figures.maxBytes, o.stats.bytes);
			if (o.hung) figures.hangs++;
			expect(o.hung).toBe(false);
			expect(o.stats.requests).toBeLessThanOrEqual(c.maxRequests);
			expect(o.stats.bytes).toBeLessThanOrEqual(c.maxBytes ?? 64 * 1024);
			c.check(o);
		});
	}
});
