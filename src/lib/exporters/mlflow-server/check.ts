// Values an MLflow server refuses or would change (mlflow/utils/validation.py): keys over 250 characters or with
// characters other than letters, digits, _ - . : / and space, or that are not a plain relative path; param values
// over 6,000 characters and tag values over 8,000 (the server cuts them short without a word). They are left out
// of the push and each is named in the report: nothing is cut short or renamed, since a changed value on the
// server would pass for the original.
import type { Tag } from '../../model/types';
import { MLFLOW_LIMITS } from './limits';

export interface PushWarning {
	kind: string;
	message: string;
	runId?: string;
}

export interface CheckedValues {
	params: Tag[];
	tags: Tag[];
	/** Metric keys the server would refuse: their points are not sent. */
	refusedMetricKeys: Set<string>;
	warnings: PushWarning[];
}

function clip(text: string): string {
	return text.length > 60 ? `${text.slice(0, 40)}…${text.slice(-12)}` : text;
}

export function checkForServer(
	runId: string,
	values: { params: readonly Tag[]; tags: readonly Tag[]; metricKeys: readonly string[] },
	/** What the report says did not happen to a refused value ("pushed", "exported"). */
	action = 'pushed',
	/** Whose values these are in the messages: a run by default, or a logged model. */
	run = `run ${runId.slice(0, 8)}`
): CheckedValues {
	const warnings: PushWarning[] = [];
	const keyOk = (what: string, key: string) => {
		const problem = keyProblem(key);
		if (!problem) return true;
		warnings.push({
			kind: problem.kind,
			message: `${run}: ${what} "${clip(key)}" ${problem.why}. It was not ${action}.`,
			runId
		});
		return false;
	};
	const valueOk = (what: string, t: Tag, limit: number) => {
		if (t.value.length <= limit) return true;
		warnings.push({
			kind: 'value-too-long',
			message: `${run}: ${what} "${clip(t.key)}" has a value of ${t.value.length} characters; MLflow allows ${limit}. It was not ${action}.`,
			runId
		});
		return false;
	};
	const params = values.params.filter(
		(p) => keyOk('param', p.key) && valueOk('param', p, MLFLOW_LIMITS.paramValueLength)
	);
	const tags = values.tags.filter(
		(t) => keyOk('tag', t.key) && valueOk('tag', t, MLFLOW_LIMITS.tagValueLength)
	);
	const refusedMetricKeys = new Set(values.metricKeys.filter((k) => !keyOk('metric', k)));
	return { params, tags, refusedMetricKeys, warnings };
}

/** Why MLflow refuses a metric, param or tag key, or null. */
export function keyProblem(key: string): { kind: string; why: string } | null {
	if (key.length > MLFLOW_LIMITS.keyLength) {
		return {
			kind: 'key-too-long',
			why: `has a key of ${key.length} characters; MLflow allows ${MLFLOW_LIMITS.keyLength}`
		};
	}
	// Python's \w is Unicode-aware: letters and digits of any script, and _.
	if (!/^[\p{L}\p{N}\p{M}_/.\- :]*$/u.test(key)) {
		return {
			kind: 'key-characters',
			why: 'has characters MLflow refuses in keys (it allows letters, digits, _ - . : / and spaces)'
		};
	}
	const parts = key.split('/');
	if (
		key === '' ||
		key.startsWith('/') ||
		parts.some((p, i) => p === '..' || p === '.' || (p === '' && i > 0))
	) {
		return {
			kind: 'key-path',
			why: 'is not a plain relative path (MLflow refuses keys that a file system would read as another name)'
		};
	}
	return null;
}
