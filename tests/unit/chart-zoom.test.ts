import { describe, expect, it } from 'vitest';
import { pinchedRange } from '../../src/lib/charts/line/pinch';
import { zoomedIn, zoomedOut } from '../../src/lib/charts/line/zoom';

describe('chart zoom buttons', () => {
	it('zooms in to the middle half', () => {
		expect(zoomedIn([0, 100])).toEqual([25, 75]);
		expect(zoomedIn([10, 10])).toBeUndefined();
		expect(zoomedIn([])).toBeUndefined();
	});
	it('zooms out to twice the range, kept inside the data, and back to the whole chart', () => {
		expect(zoomedOut([40, 60], [0, 100])).toEqual([30, 70]);
		expect(zoomedOut([0, 20], [0, 100])).toEqual([0, 40]);
		expect(zoomedOut([80, 100], [0, 100])).toEqual([60, 100]);
		expect(zoomedOut([25, 75], [0, 100])).toBeUndefined();
		expect(zoomedOut([25, 75], null)).toBeUndefined();
	});
	it('zooming in then out returns to where it started', () => {
		const inner = zoomedIn([20, 60])!;
		expect(zoomedOut(inner, [0, 100])).toEqual([20, 60]);
	});
});

describe('pinch', () => {
	const pinch = { startGap: 100, anchor: 40, domain: [0, 100] as [number, number] };
	it('spreading the fingers narrows the range around the anchor, pinching them widens it', () => {
		expect(pinchedRange(pinch, 200)).toEqual([20, 70]);
		expect(pinchedRange(pinch, 50)).toEqual([-40, 160]);
	});
	it('ignores a gesture of a few pixels and nonsense gaps', () => {
		expect(pinchedRange(pinch, 104)).toBeUndefined();
		expect(pinchedRange(pinch, 0)).toBeUndefined();
		expect(pinchedRange({ ...pinch, startGap: 0 }, 100)).toBeUndefined();
	});
});
