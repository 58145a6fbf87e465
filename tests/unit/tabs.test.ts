// The pieces of many-tab sharing that run without a browser: the message shapes the broker and tabs accept
// (src/lib/api/tab-protocol.ts), and a guest's calls in flight failing, never hanging, when the owner goes away
// (src/lib/client/tabs/guest.ts) — over a real MessageChannel with comlink on the other end.
import { expose } from 'comlink';
import { describe, expect, it } from 'vitest';
import { isBrokerReply, isBrokerRequest, isChange, isOwnerNotice, isTabId } from '$lib/api/tab-protocol';
import { ownerClosedError, trackedRemote } from '$lib/client/tabs/guest';

const TAB = '0b7c7a1e-8d0e-4a57-9a39-3f1f0d5a2c11';

describe('tab protocol', () => {
	it('accepts exactly the shapes it defines', () => {
		expect(isTabId(TAB)).toBe(true);
		expect(isTabId('not-a-tab')).toBe(false);
		expect(isBrokerRequest({ type: 'owner', tab: TAB })).toBe(true);
		expect(isBrokerRequest({ type: 'resign', tab: TAB })).toBe(true);
		expect(isBrokerRequest({ type: 'connect', tab: TAB })).toBe(true);
		expect(isBrokerRequest({ type: 'connect', tab: TAB, skip: TAB })).toBe(true);
		for (const bad of [
			null,
			'owner',
			{ type: 'owner' },
			{ type: 'owner', tab: 'x' },
			{ type: 'connect', tab: TAB, skip: 'x' },
			{ type: 'steal', tab: TAB }
		])
			expect(isBrokerRequest(bad), JSON.stringify(bad)).toBe(false);
		expect(isBrokerReply({ type: 'introduced', owner: TAB })).toBe(true);
		expect(isBrokerReply({ type: 'introduced', owner: 1 })).toBe(false);
		expect(isOwnerNotice({ type: 'guest', tab: TAB })).toBe(true);
		expect(isOwnerNotice({ type: 'guest' })).toBe(false);
		expect(isChange({ what: 'runs' })).toBe(true);
		expect(isChange({ what: 'everything' })).toBe(false);
	});
});

describe('a guest’s calls to the owner’s worker', () => {
	it('answer through the port, and all fail with DB_BUSY owner-closed when the owner goes away', async () => {
		const channel = new MessageChannel();
		expose(
			{ status: async () => ({ mode: 'opfs' }), hang: () => new Promise(() => undefined) },
			channel.port2
		);
		const { api, fail } = trackedRemote(channel.port1 as unknown as MessagePort);
		expect(await api.status()).toEqual({ mode: 'opfs' });
		const hanging = [
			(api as unknown as { hang(): Promise<void> }).hang(),
			(api as unknown as { hang(): Promise<void> }).hang()
		];
		fail(ownerClosedError());
		for (const call of hanging)
			await expect(call).rejects.toMatchObject({ code: 'DB_BUSY', details: { reason: 'owner-closed' } });
		// Later calls on the dead link fail at once instead of hanging.
		await expect(api.status()).rejects.toMatchObject({ code: 'DB_BUSY' });
		// The API object is not a thenable: it can be handed around through promises.
		expect(await Promise.resolve(api)).toBe(api);
		channel.port2.close();
	});
});
