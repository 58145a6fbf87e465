// Hostile-server cases about what the server sends: JSON of the wrong shape (skipped with a warning, or refused
// as IMPORT_CORRUPT naming endpoint and field) and bodies longer than declared or endless.
import { expect } from 'vitest';
import { RUN_A, RUN_B } from './baseline';
import {
	bothWhole,
	type Case,
	failed,
	imported,
	L,
	MODEL_REQUESTS,
	OK_REQUESTS,
	SOCKET_SLACK,
	whole
} from './expectations';

export const SHAPE_CASES: Case[] = [
	{
		name: 'long-experiment-name',
		maxRequests: OK_REQUESTS,
		check: (o) =>
			imported(
				o,
				bothWhole(),
				"experiment-skipped: experiments/search: experiment 2's name is 600 characters long"
			)
	},
	{
		name: 'tags-as-string',
		maxRequests: OK_REQUESTS,
		check: (o) =>
			imported(o, bothWhole(), 'invalid-item: experiments/search: experiment 1: tags is a string, not a list')
	},
	{
		name: 'runs-as-object',
		maxRequests: 3,
		check: (o) => failed(o, 'IMPORT_CORRUPT', 'runs/search answered "runs" as an object, not a list')
	},
	{
		name: 'metrics-not-numbers',
		maxRequests: OK_REQUESTS,
		check: (o) => imported(o, bothWhole(), '7 points were skipped: a value that is not a number')
	},
	{
		name: 'no-usable-experiment',
		maxRequests: 2,
		check: (o) =>
			failed(o, 'IMPORT_CORRUPT', 'experiments/search listed no usable experiment: an experiment is a number')
	},
	{
		name: 'bad-runs',
		maxRequests: OK_REQUESTS,
		check: (o) => {
			imported(
				o,
				[whole(RUN_A), whole(RUN_B, { params: [], points: [] })],
				"run-skipped: runs/search: a run's run_id is not 32 hexadecimal characters",
				'run-skipped: runs/search: a run has no info object (a string)',
				'which the server did not list',
				'data.params is a string, not a list',
				'data.tags[0] is not {key, value}',
				'data.metrics is a string, not a list'
			);
			expect(o.runs[1]?.name).toBe('bbbbbbbb');
		}
	},
	{
		name: 'history-as-object',
		maxRequests: OK_REQUESTS,
		check: (o) =>
			imported(
				o,
				[whole(RUN_A)],
				'run-skipped: run bbbbbbbb…: metrics/get-history of run bbbbbbbb…, metric "loss" answered "metrics" as an object'
			)
	},
	{
		name: 'answer-not-object',
		maxRequests: 2,
		check: (o) => failed(o, 'IMPORT_CORRUPT', 'experiments/search answered a list, not a JSON object')
	},
	{
		name: 'bad-artifact-list',
		maxRequests: OK_REQUESTS - 2,
		check: (o) =>
			imported(
				o,
				bothWhole({ artifacts: ['notes.txt'] }),
				'listed an object, which is not below it',
				'files is a string, not a list'
			)
	},
	{
		name: 'endless-json',
		maxRequests: 2,
		maxBytes: L.maxJsonBytes + SOCKET_SLACK,
		check: (o) => failed(o, 'IMPORT_CORRUPT', 'answered more than 1.0 MB of JSON')
	},
	{
		name: 'body-longer-than-declared',
		maxRequests: 3 + 2 * 3 + MODEL_REQUESTS,
		maxBytes: SOCKET_SLACK,
		check: (o) =>
			imported(
				o,
				bothWhole({ artifacts: [] }),
				'big.bin was not stored: the server sent more than the 10 B it declared'
			)
	},
	{
		name: 'endless-body',
		maxRequests: 3 + 2 * 3 + MODEL_REQUESTS,
		maxBytes: 2 * (L.maxArtifactFileBytes + SOCKET_SLACK),
		check: (o) =>
			imported(
				o,
				bothWhole({ artifacts: [] }),
				'endless.bin was not stored: it is larger than 1.0 MB, over the cap of 1.0 MB for one file'
			)
	}
];
