// app.latest, the one way views load data: an answer reaches the view only while its question is current.
import { describe, expect, it } from 'vitest';
import { app } from '$lib/state/app.svelte';

function deferred<T>() {
	let resolve!: (value: T) => void;
	let reject!: (error: unknown) => void;
	const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
	return { promise, resolve, reject };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('app.latest', () => {
	it('drops a slow answer to an old question that arrives after the newer one', async () => {
		const shown: string[] = [];
		const slow = deferred<string>();
		const fast = deferred<string>();
		const stopOld = app.latest(
			() => slow.promise,
			(v) => shown.push(v)
		);
		stopOld(); // the effect ran again: a new filter was applied
		const stopNew = app.latest(
			() => fast.promise,
			(v) => shown.push(v)
		);
		fast.resolve('rows for the new filter');
		await settle();
		slow.resolve('rows for the old filter');
		await settle();
		expect(shown).toEqual(['rows for the new filter']);
		expect(app.pending).toBe(0);
		stopNew();
	});

	it('reports a current failure as a coded error, and drops a stale one', async () => {
		const errors: string[] = [];
		const current = deferred<never>();
		const stale = deferred<never>();
		const stopStale = app.latest(
			() => stale.promise,
			() => undefined,
			(e) => errors.push(`stale ${e.code}`)
		);
		stopStale();
		app.latest(
			() => current.promise,
			() => undefined,
			(e) => errors.push(`${e.code}: ${e.message.includes('database is locked')}`)
		);
		stale.reject(new Error('old'));
		current.reject(new Error('SQLITE_BUSY: database is locked'));
		await settle();
		expect(errors).toEqual(['DB_BUSY: true']);
	});

	it('counts loads in flight for the idle hook until they settle', async () => {
		const d = deferred<number>();
		app.latest(
			() => d.promise,
			() => undefined
		);
		expect(app.pending).toBe(1);
		d.resolve(1);
		await settle();
		expect(app.pending).toBe(0);
	});
});
