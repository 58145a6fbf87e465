// The files W&B leaves beside a run's log in `files/` (older SDKs, and runs that synced): `config.yaml`
// ({key: {desc, value}}, plus `wandb_version`), `wandb-summary.json` and `wandb-metadata.json` (host, program,
// git, python). The log holds the same facts in newer SDKs; these fill what it lacks. docs/formats.md §6.8.
import { parse } from 'yaml';
import { parsePythonJson } from '../json-lines';
import type { SourceFile } from '../types';
import type { Environment } from './records';

/** These files are a few KB; a larger one is not W&B's. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

async function text(file: SourceFile | undefined): Promise<string | undefined> {
	if (!file) return undefined;
	if (file.size > MAX_FILE_BYTES) throw new Error(`${Math.round(file.size / 1e6)} MB is too large`);
	return new TextDecoder().decode(await file.bytes());
}

const record = (v: unknown): Record<string, unknown> | undefined =>
	typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** config.yaml as key → value (the `value` of W&B's {desc, value}); `wandb_version` left out. */
export async function readConfigYaml(file: SourceFile | undefined): Promise<Map<string, unknown>> {
	const out = new Map<string, unknown>();
	const source = await text(file);
	if (source === undefined) return out;
	const doc = record(parse(source, { maxAliasCount: 100 }));
	if (!doc) throw new Error('not a mapping of config keys');
	for (const [key, entry] of Object.entries(doc)) {
		if (key === 'wandb_version') continue;
		const e = record(entry);
		out.set(key, e && 'value' in e ? e.value : entry);
	}
	return out;
}

export async function readSummaryJson(file: SourceFile | undefined): Promise<Map<string, unknown>> {
	const source = await text(file);
	if (source === undefined) return new Map();
	const doc = record(parsePythonJson(source));
	if (!doc) throw new Error('not a JSON object');
	return new Map(Object.entries(doc));
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** wandb-metadata.json as the log's environment record would give it (startedAt is naive UTC). */
export async function readMetadataJson(file: SourceFile | undefined): Promise<Partial<Environment>> {
	const source = await text(file);
	if (source === undefined) return {};
	const doc = record(parsePythonJson(source));
	if (!doc) throw new Error('not a JSON object');
	const git = record(doc.git);
	const started = str(doc.startedAt);
	const t = started ? Date.parse(/Z|[+-]\d\d:?\d\d$/.test(started) ? started : `${started}Z`) : NaN;
	const out: Partial<Environment> = {
		os: str(doc.os),
		python: str(doc.python),
		program: str(doc.program),
		codePath: str(doc.codePath),
		host: str(doc.host),
		username: str(doc.username),
		git: { remote: str(git?.remote), commit: str(git?.commit) },
		startedAt: Number.isNaN(t) ? null : t
	};
	return out;
}
