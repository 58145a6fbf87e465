// An in-memory MLflow tracking server, just enough for a push: experiments by name, runs with params, tags and
// metric points (identical points kept once, as MLflow's SQL store does), log-batch limits enforced as the real
// server does, proxied artifact uploads, dataset inputs and logged models (fake-mlflow-models.ts). `fail` lets a
// test make chosen calls answer an error or garbage.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerModelCall, type FakeModel } from './fake-mlflow-models';

export interface FakeRun {
	runId: string;
	experimentId: string;
	runName: string;
	status: string;
	startTime?: number;
	endTime?: number;
	lifecycleStage: 'active' | 'deleted';
	params: Map<string, string>;
	tags: Map<string, string>;
	points: Map<string, { key: string; value: number | string; step: number; timestamp: number }>;
	files: Map<string, Buffer>;
	inputs: { tags: { key: string; value: string }[]; dataset: Record<string, string> }[];
}

export interface FakeMlflow {
	url: string;
	experiments: Map<string, { id: string; name: string; tags: Map<string, string> }>;
	runs: Map<string, FakeRun>;
	models: Map<string, FakeModel>;
	calls: string[];
	authorization: (string | undefined)[];
	/** Answer this call with [status, body] instead (undefined: answer normally). */
	fail?: (endpoint: string, n: number) => [number, string] | undefined;
	close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const c of req) chunks.push(c as Buffer);
	return Buffer.concat(chunks);
}

export async function fakeMlflow(): Promise<FakeMlflow> {
	const fake = {
		experiments: new Map(),
		runs: new Map(),
		models: new Map(),
		calls: [],
		authorization: []
	} as unknown as FakeMlflow;
	let ids = 0;
	const runJson = (r: FakeRun) => ({
		info: {
			run_id: r.runId,
			experiment_id: r.experimentId,
			run_name: r.runName,
			status: r.status,
			lifecycle_stage: r.lifecycleStage,
			artifact_uri: `mlflow-artifacts:/${r.experimentId}/${r.runId}/artifacts`
		},
		data: {
			params: [...r.params].map(([key, value]) => ({ key, value })),
			tags: [...r.tags].map(([key, value]) => ({ key, value })),
			metrics: [...new Set([...r.points.values()].map((p) => p.key))].map((key) => ({ key, value: 0 }))
		},
		inputs: { dataset_inputs: r.inputs }
	});
	const server: Server = createServer(async (req, res) => {
		const url = new URL(req.url ?? '', 'http://x');
		const endpoint = url.pathname.replace('/api/2.0/', '');
		const n = fake.calls.filter((c) => c === endpoint).length;
		fake.calls.push(endpoint);
		fake.authorization.push(req.headers.authorization);
		const raw = await body(req);
		const send = (status: number, answer: unknown) =>
			res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
		const failure = fake.fail?.(endpoint, n);
		if (failure) return res.writeHead(failure[0]).end(failure[1]);
		const json = raw.length && req.method !== 'PUT' ? JSON.parse(raw.toString()) : {};
		if (answerModelCall(fake.models, req, endpoint, json, raw, send, () => String(++ids))) return;
		const bad = (message: string) => send(400, { error_code: 'INVALID_PARAMETER_VALUE', message });
		if (endpoint === 'mlflow/experiments/get-by-name') {
			const e = [...fake.experiments.values()].find(
				(x) => x.name === url.searchParams.get('experiment_name')
			);
			if (!e) return send(404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'no such experiment' });
			const tags = [...e.tags].map(([key, value]) => ({ key, value }));
			return send(200, {
				experiment: { experiment_id: e.id, name: e.name, lifecycle_stage: 'active', tags }
			});
		}
		if (endpoint === 'mlflow/experiments/create') {
			const id = String(++ids);
			const tags = new Map<string, string>(
				json.tags.map((t: { key: string; value: string }) => [t.key, t.value])
			);
			fake.experiments.set(id, { id, name: json.name, tags });
			return send(200, { experiment_id: id });
		}
		if (endpoint === 'mlflow/experiments/set-experiment-tag') {
			fake.experiments.get(json.experiment_id)?.tags.set(json.key, json.value);
			return send(200, {});
		}
		if (endpoint === 'mlflow/runs/search') {
			const wanted = /= '([0-9a-f]+)'$/.exec(json.filter)?.[1];
			const runs = [...fake.runs.values()].filter(
				(r) => json.experiment_ids.includes(r.experimentId) && r.tags.get('runboard.source_run_id') === wanted
			);
			return send(200, runs.length ? { runs: runs.map(runJson) } : {});
		}
		if (endpoint === 'mlflow/runs/create') {
			const runId = `${++ids}`.padStart(32, 'f');
			const tags = new Map<string, string>(
				json.tags.map((t: { key: string; value: string }) => [t.key, t.value])
			);
			tags.set('mlflow.runName', json.run_name);
			const run: FakeRun = {
				runId,
				experimentId: json.experiment_id,
				runName: json.run_name,
				status: 'RUNNING',
				startTime: json.start_time,
				lifecycleStage: 'active',
				params: new Map(),
				tags,
				points: new Map(),
				files: new Map(),
				inputs: []
			};
			fake.runs.set(runId, run);
			return send(200, { run: runJson(run) });
		}
		const run = fake.runs.get(
			json.run_id ?? url.searchParams.get('run_id') ?? url.pathname.split('/')[6] ?? ''
		);
		if (!run) return send(404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'no such run' });
		if (endpoint === 'mlflow/runs/log-batch') {
			if (run.lifecycleStage === 'deleted') return bad('The run must be in the active state.');
			if (json.metrics.length > 1000 || json.params.length > 100 || json.tags.length > 100)
				return bad('A batch logging request can contain at most 1000 metrics, 100 params and 100 tags');
			if (json.metrics.length + json.params.length + json.tags.length > 1000) return bad('Too many entities');
			for (const p of json.params) {
				if (run.params.has(p.key) && run.params.get(p.key) !== p.value)
					return bad('Changing param values is not allowed.');
				run.params.set(p.key, p.value);
			}
			for (const t of json.tags) run.tags.set(t.key, t.value);
			for (const m of json.metrics) {
				const { model_id: modelId, ...point } = m;
				const key = `${m.key}|${m.step}|${m.timestamp}|${m.value}`;
				run.points.set(key, point);
				// MLflow logs a model's point through a run: to the model and to the run's history.
				if (modelId) fake.models.get(modelId)?.points.set(key, point);
			}
			return send(200, {});
		}
		if (endpoint === 'mlflow/runs/log-inputs') {
			if (run.lifecycleStage === 'deleted') return bad('The run must be in the active state.');
			for (const i of json.datasets) {
				const same = (x: FakeRun['inputs'][number]) =>
					x.dataset.name === i.dataset.name && x.dataset.digest === i.dataset.digest;
				if (!run.inputs.some(same)) run.inputs.push(i);
			}
			return send(200, {});
		}
		if (endpoint === 'mlflow/runs/update') {
			Object.assign(run, { status: json.status, endTime: json.end_time, runName: json.run_name });
			return send(200, {});
		}
		if (endpoint === 'mlflow/runs/delete' || endpoint === 'mlflow/runs/restore') {
			run.lifecycleStage = endpoint.endsWith('delete') ? 'deleted' : 'active';
			return send(200, {});
		}
		if (endpoint === 'mlflow/metrics/get-history') {
			const key = url.searchParams.get('metric_key');
			return send(200, { metrics: [...run.points.values()].filter((p) => p.key === key) });
		}
		if (endpoint === 'mlflow/artifacts/list') {
			const files = [...run.files].map(([path, b]) => ({ path, is_dir: false, file_size: b.length }));
			return send(200, { files });
		}
		if (endpoint.startsWith('mlflow-artifacts/artifacts/') && req.method === 'PUT') {
			run.files.set(decodeURIComponent(url.pathname.split('/artifacts/').slice(2).join('/artifacts/')), raw);
			return res.writeHead(200).end();
		}
		send(404, { error_code: 'ENDPOINT_NOT_FOUND', message: endpoint });
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
	return fake;
}
