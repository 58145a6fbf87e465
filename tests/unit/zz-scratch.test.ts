import { it } from 'vitest';
import { zipSync } from 'fflate';
import { fromBytes } from '$lib/importers/source-files';
import { expandZip } from '$lib/importers/zip';
import { expandZip as oldExpand } from './zz-oldzip';
import { readMlruns } from '$lib/importers/mlruns/read';
import { fromNodeDir } from './node-files';

it('profile', async () => {
	const files = fromNodeDir('/tmp/perfx/data/mlruns');
	const entries: Record<string, Uint8Array> = {};
	for (const f of files) entries[f.path] = await f.bytes();
	const zip = zipSync(entries, { level: 6 });
	for (let rep = 0; rep < 3; rep++) {
		for (const [name, fn] of [['new', expandZip], ['old', oldExpand]] as const) {
			const t = performance.now();
			const { files } = await fn(fromBytes('mlruns.zip', zip));
			let runs = 0;
			for await (const item of readMlruns(files, { signal: new AbortController().signal, maxArtifactBytes: 1e9 })) if (item.kind === 'run') runs++;
			console.log(name, Math.round(performance.now() - t), runs);
		}
	}
}, 600_000);
