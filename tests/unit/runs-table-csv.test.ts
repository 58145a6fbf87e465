// runsTableCsv: attributes always, the value columns shown (params., metrics., tags.), cells guarded by toCsv.
import { describe, expect, it } from 'vitest';
import { runsCsvFileName, runsTableCsv, valueColumns } from '$lib/exporters/runs-table-csv';

describe('runsTableCsv', () => {
	it('writes one line per row with the value columns of the table, attributes always', async () => {
		const csv = await runsTableCsv(
			['status', 'param:lr', 'metric:loss', 'tag:team', 'duration'],
			[
				{
					runId: 'a'.repeat(32),
					runName: '@sum(1)',
					status: 'FINISHED',
					startTime: 0,
					endTime: null,
					parentRunId: null,
					experimentId: '1',
					experimentName: 'e',
					values: { 'param:lr': '0.1', 'metric:loss': -Infinity }
				}
			]
		).text();
		expect(csv).toBe(
			'run_id,run_name,status,start_time,end_time,parent_run_id,params.lr,metrics.loss,tags.team\r\n' +
				`${'a'.repeat(32)},'@sum(1),FINISHED,1970-01-01T00:00:00.000Z,,,0.1,-Infinity,\r\n`
		);
	});

	it('keeps only param/metric/tag columns as value columns; file names are safe', () => {
		expect(valueColumns(['runName', 'startTime', 'param:a', 'metric:', 'tag:x'])).toEqual([
			'param:a',
			'tag:x'
		]);
		expect(runsCsvFileName('a/b: c')).toBe('a_b_ c-runs.csv');
	});

	it('writes dataset columns as datasets.<context>, and datasets for inputs without a context', async () => {
		expect(valueColumns(['status', 'dataset:train', 'dataset:'])).toEqual(['dataset:train', 'dataset:']);
		const row = {
			runId: 'b'.repeat(32),
			runName: 'r',
			status: 'FINISHED' as const,
			startTime: null,
			endTime: null,
			parentRunId: null,
			experimentId: '1',
			experimentName: 'e',
			values: { 'dataset:train': 'wine (abc), iris (def)', 'dataset:': '=cmd (1)' }
		};
		const csv = await runsTableCsv(['dataset:train', 'dataset:'], [row]).text();
		expect(csv.split('\r\n')).toEqual([
			'run_id,run_name,status,start_time,end_time,parent_run_id,datasets.train,datasets',
			`${'b'.repeat(32)},r,FINISHED,,,,"wine (abc), iris (def)",'=cmd (1)`,
			''
		]);
	});
});
