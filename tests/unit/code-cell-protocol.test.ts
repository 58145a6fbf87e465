// The page's checks of what the code cell's worker sends: only known calls of the right shape go on, rebuilt
// field by field, within the size limits; anything else is refused with a message.
import { describe, expect, it } from 'vitest';
import { CELL_LIMITS, checkCall, checkMessage } from '$lib/code-cell/protocol';

const point = (step: number) => ({ key: 'loss', value: 1 / (step + 1), step, timestamp: 1_700_000_000_000 });

describe('code cell messages', () => {
	it('accepts the calls of the fluent API and drops unknown fields', () => {
		expect(
			checkCall({ op: 'startRun', runName: ' a ', experimentName: 'e', tags: { k: 1 }, evil: 1 })
		).toEqual({
			op: 'startRun',
			runName: 'a',
			experimentName: 'e',
			tags: { k: '1' }
		});
		expect(checkCall({ op: 'params', params: { alpha: 0.1, flag: true } })).toEqual({
			op: 'params',
			params: { alpha: '0.1', flag: 'true' }
		});
		expect(checkCall({ op: 'metrics', metrics: [point(0)] })).toEqual({ op: 'metrics', metrics: [point(0)] });
		expect(checkCall({ op: 'metrics', metrics: [{ ...point(0), value: NaN }] })).toMatchObject({
			op: 'metrics'
		});
		expect(checkCall({ op: 'endRun', status: 'KILLED' })).toEqual({ op: 'endRun', status: 'KILLED' });
		expect(checkCall({ op: 'artifact', path: 'notes/a.txt', text: 'hi' })).toEqual({
			op: 'artifact',
			path: 'notes/a.txt',
			text: 'hi'
		});
	});

	it('refuses wrong shapes with a message', () => {
		const refused = (value: unknown) => () => checkCall(value);
		expect(refused({ op: 'deleteExperiment', id: '0' })).toThrow(/Unknown call/);
		expect(refused({ op: 'metrics', metrics: [{ ...point(0), value: '1' }] })).toThrow(/must be a number/);
		expect(refused({ op: 'metrics', metrics: [{ ...point(0), step: 1.5 }] })).toThrow(
			/Step must be an integer/
		);
		expect(refused({ op: 'params', params: { ['k'.repeat(251)]: 1 } })).toThrow(/limit is 250/);
		expect(refused({ op: 'params', params: [1, 2] })).toThrow(/object/);
		expect(refused({ op: 'endRun', status: 'RUNNING' })).toThrow(/endRun takes/);
		expect(refused({ op: 'artifact', path: '../escape.txt', text: '' })).toThrow(/'\.\.' segments/);
		expect(refused({ op: 'artifact', path: '/abs', text: '' })).toThrow(/relative, not absolute/);
		// The same rule as every other artifact path (src/lib/artifacts/paths.ts), look-alikes included.
		expect(refused({ op: 'artifact', path: 'a/.. /b.txt', text: '' })).toThrow(/'\.\.' segments/);
		expect(refused({ op: 'artifact', path: 'C:/x.txt', text: '' })).toThrow(/relative, not absolute/);
		expect(refused({ op: 'artifact', path: 'a\\b.txt', text: '' })).toThrow(/not '\\'/);
		expect(refused({ op: 'artifact', path: 'a\u0000.txt', text: '' })).toThrow(/control characters/);
		expect(refused({ op: 'artifact', path: 'a', text: 'x'.repeat(CELL_LIMITS.artifactLength + 1) })).toThrow(
			/at most/
		);
		expect(refused({ op: 'log', level: 'html', text: 'x' })).toThrow(/level/);
		expect(refused(null)).toThrow(/object/);
	});

	it('cuts long console lines and caps the calls and points in one message', () => {
		const long = checkCall({ op: 'log', level: 'log', text: 'x'.repeat(CELL_LIMITS.logLineLength + 10) });
		expect(long).toMatchObject({ op: 'log' });
		expect((long as { text: string }).text).toMatch(/… \(10 more characters\)$/);
		const metrics = Array.from({ length: 600 }, (_, i) => point(i));
		expect(() =>
			checkMessage({
				type: 'calls',
				calls: [
					{ op: 'metrics', metrics },
					{ op: 'metrics', metrics }
				]
			})
		).toThrow(/at most 1000 calls and points/);
		expect(checkMessage({ type: 'calls', calls: [{ op: 'metrics', metrics }] }).type === 'calls').toBe(true);
		expect(() =>
			checkMessage({ type: 'calls', calls: new Array(1001).fill({ op: 'log', level: 'log', text: '' }) })
		).toThrow(/at most 1000 calls/);
	});

	it('reads done and error messages, keeping a line only when it is a positive integer', () => {
		expect(checkMessage({ type: 'done', extra: 1 })).toEqual({ type: 'done' });
		expect(checkMessage({ type: 'error', name: 'TypeError', message: 'x', line: 4 })).toEqual({
			type: 'error',
			name: 'TypeError',
			message: 'x',
			line: 4
		});
		expect(checkMessage({ type: 'error', name: 1, message: 'x', line: -2 })).toEqual({
			type: 'error',
			name: 'Error',
			message: 'x',
			line: undefined
		});
		expect(() => checkMessage({ type: 'eval', code: 'x' })).toThrow(/Unknown message/);
	});
});
