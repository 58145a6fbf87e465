// Reordering the shown columns: a drop lands where the pointer is, steps stop at the ends, keys map to steps.
import { describe, expect, it } from 'vitest';
import { moveColumn, stepColumn, stepFromKey } from '$lib/components/runs/column-order';
import { clampWidth, MAX_WIDTH, MIN_WIDTH, widthFromKey } from '$lib/components/runs/column-width';

const COLUMNS = ['status', 'param:a', 'metric:b', 'dataset:train'];

describe('moveColumn', () => {
	it('puts a column dragged up before its target, and one dragged down after it', () => {
		expect(moveColumn(COLUMNS, 'dataset:train', 'param:a')).toEqual([
			'status',
			'dataset:train',
			'param:a',
			'metric:b'
		]);
		expect(moveColumn(COLUMNS, 'status', 'metric:b')).toEqual([
			'param:a',
			'metric:b',
			'status',
			'dataset:train'
		]);
		expect(moveColumn(COLUMNS, 'status', 'dataset:train')).toEqual([
			'param:a',
			'metric:b',
			'dataset:train',
			'status'
		]);
	});

	it('changes nothing for a column onto itself or an unknown id, and never changes its input', () => {
		const input = [...COLUMNS];
		expect(moveColumn(input, 'param:a', 'param:a')).toEqual(COLUMNS);
		expect(moveColumn(input, 'tag:x', 'param:a')).toEqual(COLUMNS);
		expect(moveColumn(input, 'param:a', 'tag:x')).toEqual(COLUMNS);
		expect(input).toEqual(COLUMNS);
	});
});

describe('stepColumn and keys', () => {
	it('moves one place and stops at the ends', () => {
		expect(stepColumn(COLUMNS, 'metric:b', -1)).toEqual(['status', 'metric:b', 'param:a', 'dataset:train']);
		expect(stepColumn(COLUMNS, 'metric:b', 1)).toEqual(['status', 'param:a', 'dataset:train', 'metric:b']);
		expect(stepColumn(COLUMNS, 'status', -1)).toEqual(COLUMNS);
		expect(stepColumn(COLUMNS, 'dataset:train', 1)).toEqual(COLUMNS);
		expect(stepColumn(COLUMNS, 'missing', 1)).toEqual(COLUMNS);
	});

	it('reads Alt+arrows as steps and ignores arrows alone', () => {
		expect(stepFromKey({ altKey: true, key: 'ArrowUp' })).toBe(-1);
		expect(stepFromKey({ altKey: true, key: 'ArrowLeft' })).toBe(-1);
		expect(stepFromKey({ altKey: true, key: 'ArrowDown' })).toBe(1);
		expect(stepFromKey({ altKey: true, key: 'ArrowRight' })).toBe(1);
		expect(stepFromKey({ altKey: false, key: 'ArrowUp' })).toBeNull();
		expect(stepFromKey({ altKey: true, key: 'Enter' })).toBeNull();
	});
});

describe('column widths', () => {
	it('steps with arrows (Shift: bigger), jumps with Home/End, and stays within bounds', () => {
		expect(widthFromKey(120, { key: 'ArrowRight', shiftKey: false })).toBe(136);
		expect(widthFromKey(120, { key: 'ArrowLeft', shiftKey: true })).toBe(56);
		expect(widthFromKey(50, { key: 'ArrowLeft', shiftKey: true })).toBe(MIN_WIDTH);
		expect(widthFromKey(1190, { key: 'ArrowRight', shiftKey: false })).toBe(MAX_WIDTH);
		expect(widthFromKey(300, { key: 'Home', shiftKey: false })).toBe(MIN_WIDTH);
		expect(widthFromKey(300, { key: 'End', shiftKey: false })).toBe(MAX_WIDTH);
		expect(widthFromKey(300, { key: 'a', shiftKey: false })).toBeNull();
		expect(clampWidth(99.6)).toBe(100);
		expect(clampWidth(-5)).toBe(MIN_WIDTH);
	});
});
