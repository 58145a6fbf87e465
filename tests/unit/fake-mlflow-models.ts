// The fake MLflow server's logged models (MLflow 3's /logged-models endpoints) and the files of a model uploaded
// through the artifact proxy: just what a push uses, answered as the real server does (tests/interop/push.spec.ts
// checks the real one). Dataset inputs and model points arrive with their run (fake-mlflow-server.ts).
import type { IncomingMessage } from 'node:http';

export interface FakeModel {
	modelId: string;
	experimentId: string;
	name: string;
	sourceRunId: string;
	status: string;
	params: Map<string, string>;
	tags: Map<string, string>;
	points: Map<string, { key: string; value: number | string; step: number; timestamp: number }>;
	files: Map<string, Buffer>;
}

type Pair = { key: string; value: string };
const pairs = (map: Map<string, string>) => [...map].map(([key, value]) => ({ key, value }));

export function modelJson(m: FakeModel) {
	return {
		info: {
			model_id: m.modelId,
			experiment_id: m.experimentId,
			name: m.name,
			source_run_id: m.sourceRunId,
			status: m.status,
			artifact_uri: `mlflow-artifacts:/${m.experimentId}/models/${m.modelId}/artifacts`,
			tags: pairs(m.tags)
		},
		data: { params: pairs(m.params), metrics: [...m.points.values()] }
	};
}

/** Answers a logged-model call; false when the call is not one of them. */
export function answerModelCall(
	models: Map<string, FakeModel>,
	req: IncomingMessage,
	endpoint: string,
	json: Record<string, unknown>,
	raw: Buffer,
	send: (status: number, answer: unknown) => void,
	newId: () => string
): boolean {
	const upload = /^mlflow-artifacts\/artifacts\/\d+\/models\/([^/]+)\/artifacts\/(.+)$/.exec(endpoint);
	if (upload && req.method === 'PUT') {
		const model = models.get(decodeURIComponent(upload[1] ?? ''));
		if (!model) send(404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'no such model' });
		else {
			model.files.set(decodeURIComponent(upload[2] ?? ''), raw);
			send(200, {});
		}
		return true;
	}
	if (!endpoint.startsWith('mlflow/logged-models')) return false;
	if (endpoint === 'mlflow/logged-models' && req.method === 'POST') {
		const model: FakeModel = {
			modelId: `m-${newId().padStart(32, '0')}`,
			experimentId: json.experiment_id as string,
			name: json.name as string,
			sourceRunId: json.source_run_id as string,
			status: 'LOGGED_MODEL_PENDING',
			params: new Map((json.params as Pair[]).map((p) => [p.key, p.value])),
			tags: new Map((json.tags as Pair[]).map((t) => [t.key, t.value])),
			points: new Map(),
			files: new Map()
		};
		models.set(model.modelId, model);
		send(200, { model: modelJson(model) });
		return true;
	}
	if (endpoint === 'mlflow/logged-models/search') {
		const wanted = /= '(.+)'$/.exec(json.filter as string)?.[1];
		const found = [...models.values()].filter(
			(m) =>
				(json.experiment_ids as string[]).includes(m.experimentId) &&
				m.tags.get('runboard.source_model_id') === wanted
		);
		send(200, { models: found.map(modelJson) });
		return true;
	}
	const [, id, what] = /^mlflow\/logged-models\/([^/]+)(?:\/(.*))?$/.exec(endpoint) ?? [];
	const model = models.get(decodeURIComponent(id ?? ''));
	if (!model) send(404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'no such model' });
	else if (what === 'params') {
		for (const p of json.params as Pair[]) model.params.set(p.key, p.value);
		send(200, {});
	} else if (what === 'tags') {
		for (const t of json.tags as Pair[]) model.tags.set(t.key, t.value);
		send(200, {});
	} else if (what === 'artifacts/directories') {
		send(200, { files: [...model.files].map(([path, b]) => ({ path, is_dir: false, file_size: b.length })) });
	} else if (what === undefined && req.method === 'PATCH') {
		model.status = json.status as string;
		send(200, { model: modelJson(model) });
	} else send(404, { error_code: 'ENDPOINT_NOT_FOUND', message: endpoint });
	return true;
}
