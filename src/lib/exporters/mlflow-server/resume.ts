// What a push still has to send to a server run that exists already (a second push, or one that stopped
// halfway): only what the server lacks, so pushing again never duplicates a point, a param or a file.
import type { Metric, Tag } from '../../model/types';
import type { PushWarning } from './check';
import { SOURCE_RUN_TAG } from './limits';

/** The runs/search filter that finds the server's copy of a Runboard run (run ids are 32 hex characters). */
export function sourceRunFilter(runId: string): string {
	return `tags.\`${SOURCE_RUN_TAG}\` = '${runId.replace(/'/g, "\\'")}'`;
}

/** A point's identity: NaN equals NaN here, and 0 equals −0 (the server does not keep the sign of zero). */
function pointKey(m: Metric): string {
	return `${m.key}\u0000${m.step}\u0000${m.timestamp}\u0000${Number.isNaN(m.value) ? 'NaN' : String(m.value)}`;
}

/**
 * Local points the server does not hold. MLflow keeps one of identical points (same key, step, timestamp and
 * value: its table's key), so a point logged twice is sent once and counted in `duplicates` for the report.
 */
export function missingPoints(
	local: Iterable<Metric>,
	server: Iterable<Metric>
): { points: Metric[]; duplicates: number } {
	const have = new Set<string>();
	for (const m of server) have.add(pointKey(m));
	const sent = new Set<string>();
	const points: Metric[] = [];
	let duplicates = 0;
	for (const m of local) {
		const k = pointKey(m);
		if (sent.has(k)) duplicates++;
		else if (!have.has(k)) points.push(m);
		sent.add(k);
	}
	return { points, duplicates };
}

/** Params the server lacks; one it holds with another value cannot be changed (MLflow refuses) and is reported. */
export function paramsToSend(
	runId: string,
	local: readonly Tag[],
	server: readonly Tag[]
): { params: Tag[]; warnings: PushWarning[] } {
	const held = new Map(server.map((p) => [p.key, p.value]));
	const warnings: PushWarning[] = [];
	const params = local.filter((p) => {
		const value = held.get(p.key);
		if (value === undefined) return true;
		if (value !== p.value) {
			warnings.push({
				kind: 'param-differs',
				message: `run ${runId.slice(0, 8)}: param "${p.key}" is "${value.slice(0, 60)}" on the server and "${p.value.slice(0, 60)}" here; MLflow does not let a param change, so the server keeps its value.`,
				runId
			});
		}
		return false;
	});
	return { params, warnings };
}

/** Tags the server lacks or holds with another value (log-batch overwrites a tag). */
export function tagsToSend(local: readonly Tag[], server: readonly Tag[]): Tag[] {
	const held = new Map(server.map((t) => [t.key, t.value]));
	return local.filter((t) => held.get(t.key) !== t.value);
}

/** Files the server lacks or holds with another size. */
export function filesToSend<T extends { path: string; size: number }>(
	local: readonly T[],
	server: readonly { path: string; size: number | null }[]
): T[] {
	const held = new Map(server.map((f) => [f.path, f.size]));
	return local.filter((f) => held.get(f.path) !== f.size);
}

/**
 * Where the server stores a run's files, as a path of its proxied artifact API, or null when it does not proxy
 * them (an artifact_uri of s3://, a local folder …: the browser cannot write there).
 */
export function proxiedArtifactPath(artifactUri: string): string | null {
	const match = /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.*)$/.exec(artifactUri);
	if (!match) return null;
	const rest = (match[1] ?? '').replace(/\/+$/, '');
	return `/api/2.0/mlflow-artifacts/artifacts/${rest.split('/').map(encodeURIComponent).join('/')}`;
}
