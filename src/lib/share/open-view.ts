// Opens the view a shared link names, in this browser's database (experiment names mapped to local ids).
import { goto } from '$app/navigation';
import { resolve } from '$app/paths';
import { runboard } from '$lib/client';
import { decodeView, localPath } from './view-link';

/** Throws an Error a person can read when the view is damaged or its experiment is not here. */
export async function openSharedView(view: string, replace = false): Promise<void> {
	const target = decodeView(view);
	if (!target)
		throw new Error('The link names a view this page cannot read: it may be damaged or cut short.');
	const path = await localPath(
		target,
		async (name) => (await runboard.getExperimentByName(name))?.experimentId ?? null
	);
	// eslint-disable-next-line svelte/no-navigation-without-resolve -- resolve()d root plus a route checked by decodeView
	await goto(`${resolve('/')}${path}`, { replaceState: replace });
}
