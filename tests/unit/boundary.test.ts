import { describe, expect, it } from 'vitest';
import type { DbApi } from '$lib/api/db-api';
import { RunboardError, isSerializedError, toRunboardError } from '$lib/api/errors';
import { forTransfer } from '../../workers/db/boundary';
import { createTestDb } from './harness';

describe('the worker boundary', () => {
	it('turns thrown errors into plain coded objects that survive structured cloning', async () => {
		const { api } = await createTestDb();
		const wrapped = forTransfer(api);
		const thrown = await wrapped.getRun('f'.repeat(32)).catch((e: unknown) => e);
		expect(isSerializedError(thrown)).toBe(true);
		const cloned = structuredClone(thrown);
		const error = toRunboardError(cloned);
		expect(error).toBeInstanceOf(RunboardError);
		expect(error.code).toBe('NOT_FOUND');
		expect(error.message).toContain('No run with id');
	});

	it('classifies platform errors into codes a person can act on', () => {
		expect(toRunboardError(new Error('SQLITE_FULL: database or disk is full')).code).toBe('STORAGE_FULL');
		expect(toRunboardError(new DOMException('QuotaExceededError')).code).toBe('STORAGE_FULL');
		expect(toRunboardError(new Error('SQLITE_BUSY')).code).toBe('DB_BUSY');
		expect(toRunboardError('boom').code).toBe('INTERNAL');
	});

	it('wraps every API method', async () => {
		const { api } = await createTestDb();
		const wrapped = forTransfer(api);
		expect(Object.keys(wrapped).sort()).toEqual(Object.keys(api).sort());
		const bytes = await (wrapped as DbApi).exportDatabase();
		expect(bytes).toBeInstanceOf(Uint8Array);
	});
});
