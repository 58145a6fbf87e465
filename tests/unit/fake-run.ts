// A Run as the worker returns it, for tests of pure page logic (tables, Compare, chart goldens): finished, active,
// in experiment 1, with the params, latest metrics (step 0) and tags given.
import type { Run } from '$lib/model/types';

export interface FakeRun {
	runId: string;
	runName?: string;
	startTime?: number | null;
	endTime?: number | null;
	params?: Record<string, string>;
	metrics?: Record<string, number>;
	tags?: Record<string, string>;
}

const pairs = (o: Record<string, string>) => Object.entries(o).map(([key, value]) => ({ key, value }));

export function fakeRun({ runId, runName = runId, startTime = 0, endTime = 1, ...data }: FakeRun): Run {
	return {
		info: {
			runId,
			experimentId: '1',
			runName,
			status: 'FINISHED',
			startTime,
			endTime,
			lifecycleStage: 'active',
			userId: '',
			artifactUri: ''
		},
		data: {
			params: pairs(data.params ?? {}),
			metrics: Object.entries(data.metrics ?? {}).map(([key, value]) => ({
				key,
				value,
				step: 0,
				timestamp: 0
			})),
			tags: pairs(data.tags ?? {})
		}
	};
}
