// Fuzz: what a person pastes or a link carries, mutated (page links of GitHub, Gists and Hugging Face, local
// files, javascript:/data:/file: URLs, LFS pointers, Content-Disposition headers), through the pure URL code of the
// URL import. Checks: rawUrl returns only an https URL (or http on this machine) or refuses with INVALID_ARGUMENT
// (nothing else is thrown); a refusal's message is short whatever the input; looksLikeFileUrl, parseLfsPointer and
// dispositionName never throw, a pointer's size is a whole number or unknown, a disposition name is a bare name.
import { describe, expect, it } from 'vitest';
import { RunboardError } from '$lib/api/errors';
import { answersWithFile, dispositionName, looksLikeFileUrl } from '$lib/client/file-url';
import { parseLfsPointer } from '$lib/client/lfs-pointer';
import { rawUrl } from '$lib/client/link-url';
import { inputPrng } from '../prng';
import { sized } from '../size';
import { mutateBytes, mutateText } from './mutate-bytes';
import { HANG_MS, SEED } from './sweep';

const URLS = [
	'https://github.com/acme/runs/blob/main/data/mlruns.zip',
	'https://github.com/acme/runs/raw/v1.2/mlflow.db#L1',
	'https://gist.github.com/alice/0123456789abcdef/raw/metrics.csv',
	'https://gist.github.com/0123abcd/',
	'https://huggingface.co/datasets/acme/runs/blob/main/mlflow.db?download=true',
	'https://huggingface.co/spaces/acme/demo/blob/main/a/events.out.tfevents.1.host',
	'http://127.0.0.1:8000/cors/runs.zip',
	'http://[::1]:8000/x.zip',
	'javascript:alert(document.domain)//https://github.com/a/b/blob/c/d',
	'data:application/zip;base64,UEsDBA==',
	'file:///etc/passwd',
	'blob:https://example.org/0b6f'
];
const POINTER =
	'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345678\n';
const DISPOSITIONS = [
	'attachment; filename="runs.zip"',
	'attachment; filename*=UTF-8\'\'m%C3%A9triques.csv; filename="x.csv"',
	'attachment; filename="../../etc/passwd"'
];
const enc = new TextEncoder();
const dec = new TextDecoder();
const LOCAL = new Set(['localhost', '127.0.0.1', '[::1]']);
const hasControl = (text: string) =>
	[...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

describe('fuzz: URL import links, LFS pointers and file names', () => {
	it('never throws anything but a refusal, and never lets a hostile URL through', () => {
		const count = sized(2000, 20_000);
		const failures: string[] = [];
		let refused = 0;
		let maxMs = 0;
		for (let index = 0; index < count; index++) {
			const prng = inputPrng(SEED, index);
			const mutate = (text: string) => {
				let bytes: Uint8Array = enc.encode(text);
				for (let n = 1 + prng.int(3); n > 0; n--)
					bytes = prng.chance(0.5) ? mutateBytes(prng, bytes) : mutateText(prng, bytes);
				return dec.decode(bytes);
			};
			const url = mutate(prng.pick(URLS));
			const pointer = mutate(POINTER);
			const disposition = mutate(prng.pick(DISPOSITIONS));
			const started = performance.now();
			try {
				const out = rawUrl(url);
				const local = out.protocol === 'http:' && LOCAL.has(out.hostname);
				if (out.protocol !== 'https:' && !local) failures.push(`${index}: let through ${out.href}`);
			} catch (error) {
				refused++;
				if (!(error instanceof RunboardError) || error.code !== 'INVALID_ARGUMENT')
					failures.push(`${index}: threw ${String(error)}`);
				else if (error.message.length > 300)
					failures.push(`${index}: a ${error.message.length}-char message`);
			}
			try {
				looksLikeFileUrl(url);
				answersWithFile({ contentType: url, contentDisposition: disposition });
				const p = parseLfsPointer(pointer);
				if (p && !Number.isNaN(p.size) && !Number.isSafeInteger(p.size))
					failures.push(`${index}: pointer size ${p.size}`);
				const name = dispositionName(disposition);
				if (name !== null && (/[\\/]/.test(name) || hasControl(name) || name.length > 255 || !name.trim()))
					failures.push(`${index}: disposition name ${JSON.stringify(name)}`);
			} catch (error) {
				failures.push(`${index}: threw ${String(error)}`);
			}
			maxMs = Math.max(maxMs, performance.now() - started);
		}
		console.log(
			`fuzz link-url: ${count} inputs, ${failures.length} failures, ${refused} refused, max ${maxMs.toFixed(1)} ms (seed ${SEED})`
		);
		for (const line of failures.slice(0, 20)) console.log(`  ${line}`);
		expect(failures).toEqual([]);
		expect(maxMs).toBeLessThan(HANG_MS);
	});
});
