// A W&B run as Runboard's run: the config as params (nested keys joined with `.`; W&B's internal `_wandb` entry
// gives only the tags wandb.cli_version and wandb.python), the history as metrics, numeric summary
// values that no history row holds as one-point metrics, and W&B's run facts as tags (MLflow's own tags where
// one means the same: mlflow.note.content, mlflow.source.*, mlflow.user). docs/formats.md §6.8.
import type { RunStatus, Tag } from '../../model/types';
import { derivedExperimentKey, derivedRunId } from '../ids';
import type { ImportedRun, SourceFile } from '../types';
import type { Environment } from './records';
import type { RunContent } from './run';
import { flattenParams, numericLeaves } from './values';

const FORMAT = 'wandb';
/** The experiment of runs whose log names no project (W&B's own default is "uncategorized"). */
export const NO_PROJECT = 'W&B runs';

export interface RunSides {
	config: Map<string, unknown>;
	summary: Map<string, unknown>;
	metadata: Partial<Environment>;
	artifacts: SourceFile[];
}

const asObject = (v: unknown): Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const fileRunId = (path: string) => /run-([a-z0-9]+)\.wandb$/i.exec(path)?.[1] ?? '';

export function projectOf(content: RunContent): string {
	return content.run?.project || NO_PROJECT;
}

export function toRun(content: RunContent, sides: RunSides, logPath: string): ImportedRun {
	const r = content.run;
	const env: Partial<Environment> = { ...sides.metadata, ...(content.env ?? {}) };
	const project = projectOf(content);
	const wandbId = r?.runId || fileRunId(logPath);
	const config = new Map(sides.config);
	for (const [k, v] of content.config) config.set(k, v);
	const params = new Map<string, string>();
	// `_wandb` is W&B's own entry (SDK and Python versions, code path): tags, not params.
	const internal = { ...asObject(sides.config.get('_wandb')), ...asObject(content.config.get('_wandb')) };
	for (const [key, value] of config) if (key !== '_wandb') flattenParams(key, value, params);

	const tags: Tag[] = [];
	const tag = (key: string, value: string | undefined) => {
		if (value) tags.push({ key, value });
	};
	tag('wandb.run_id', wandbId);
	tag('wandb.project', r?.project);
	tag('wandb.entity', r?.entity);
	tag('wandb.group', r?.group);
	tag('wandb.job_type', r?.jobType);
	tag('wandb.tags', r?.tags.join(', '));
	tag('mlflow.note.content', r?.notes);
	tag('mlflow.source.name', env.program || env.codePath);
	tag('mlflow.source.git.commit', env.git?.commit || r?.git.commit);
	tag('mlflow.source.git.repoURL', env.git?.remote || r?.git.remote);
	tag('wandb.host', env.host || r?.host);
	tag('wandb.os', env.os);
	tag('wandb.python', env.python || content.pythonVersion || str(internal.python_version));
	tag('wandb.cli_version', content.cliVersion || str(internal.cli_version));
	if (content.exit) tag('wandb.exit_code', String(content.exit.exitCode));

	// Summary values no history row holds (`run.summary["best"] = …`): one point at the last step.
	const summary = content.hasSummary ? content.summary : sides.summary;
	const packer = content.packer;
	const endStep = content.lastStep ?? 0;
	for (const [key, value] of summary) {
		if (key.startsWith('_')) continue;
		const leaves: [string, number][] = [];
		numericLeaves(key, value, leaves);
		for (const [k, v] of leaves)
			if (!content.historyKeys.has(k)) packer.push(packer.keyId(k), v, endStep, content.lastTime ?? 0);
	}

	const startTime = r?.startTime ?? env.startedAt ?? content.firstTime;
	const status: RunStatus = !content.exit ? 'RUNNING' : content.exit.exitCode === 0 ? 'FINISHED' : 'FAILED';
	const endTime = !content.exit
		? null
		: startTime !== null && content.exit.runtime > 0
			? startTime + content.exit.runtime * 1000
			: (content.lastTime ?? startTime);
	return {
		experimentKey: derivedExperimentKey(FORMAT, project),
		// W&B's own run id names the run in its project: the same run dropped again (or renamed) is replaced.
		runId: derivedRunId({ format: FORMAT, path: '', parts: [project, wandbId || logPath] }),
		runName: r?.displayName || wandbId || 'W&B run',
		status,
		startTime,
		endTime,
		lifecycleStage: 'active',
		userId: env.username || r?.entity || '',
		artifactUri: '',
		params: [...params].map(([key, value]) => ({ key, value })),
		tags,
		metrics: packer.build(),
		inputs: [],
		artifacts: []
	};
}
