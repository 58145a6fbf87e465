// The live-server importer against servers that are not (working) MLflow servers: each gets a specific message
// and nothing is written. The real MLflow server is exercised in tests/interop/live-server.spec.ts.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from './harness';

let server: Server;
let base = '';

beforeAll(async () => {
	server = createServer((req, res) => {
		const url = req.url ?? '';
		if (url.startsWith('/html')) {
			res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><h1>Welcome to nginx</h1>');
		} else if (url.startsWith('/broken')) {
			if (url.endsWith('/version')) res.writeHead(200).end('3.18.0');
			else
				res
					.writeHead(500, { 'content-type': 'application/json' })
					.end('{"error_code":"INTERNAL_ERROR","message":"database is locked"}');
		} else if (url.startsWith('/auth')) {
			res.writeHead(401, { 'content-type': 'application/json' }).end('{"error_code":"UNAUTHENTICATED"}');
		} else {
			res.writeHead(404).end('not found');
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function attempt(path: string) {
	const { api } = await createTestDb();
	const server = { url: `${base}${path}`, origin: 'http://runboard.test', limits: { backoffMs: 1 } };
	const error = await api.importMlflowServer(server).then(
		() => undefined,
		(e: { code: string; message: string }) => e
	);
	return { error, experiments: await api.searchExperiments({ viewType: 'ALL' }) };
}

describe('importing from a server that is not a working MLflow server', () => {
	it('an HTML page: says it is not an MLflow server', async () => {
		const { error, experiments } = await attempt('/html');
		expect(error?.code).toBe('IMPORT_CORRUPT');
		expect(error?.message).toContain('did not answer JSON: is this an MLflow server?');
		expect(experiments).toEqual([]);
	});

	it("HTTP 500: passes on the server's own message", async () => {
		const { error, experiments } = await attempt('/broken');
		expect(error?.code).toBe('IMPORT_CORRUPT');
		expect(error?.message).toContain('HTTP 500: database is locked (tried 4 times)');
		expect(experiments).toEqual([]);
	});

	it('HTTP 401: asks for a token', async () => {
		expect((await attempt('/auth')).error?.message).toContain('needs credentials');
	});

	it('HTTP 404: asks to check the base URL', async () => {
		const { error } = await attempt('/nothing-here');
		expect(error?.code).toBe('NOT_FOUND');
		expect(error?.message).toContain('is this an MLflow server?');
	});

	it('nothing listening: explains CORS, the server command and the file alternative', async () => {
		const { api } = await createTestDb();
		const error = await api
			.importMlflowServer({ url: 'http://127.0.0.1:9', origin: 'http://runboard.test' })
			.then(
				() => undefined,
				(e: { code: string; message: string }) => e
			);
		expect(error?.code).toBe('FETCH_CORS');
		expect(error?.message).toContain('mlflow server --cors-allowed-origins "http://runboard.test"');
		expect(error?.message).toContain('export mlflow.db');
	});

	it('a URL that is not one: INVALID_ARGUMENT', async () => {
		const { api } = await createTestDb();
		const error = await api.importMlflowServer({ url: 'not a url', origin: '' }).then(
			() => undefined,
			(e: { code: string }) => e
		);
		expect(error?.code).toBe('INVALID_ARGUMENT');
	});
});
