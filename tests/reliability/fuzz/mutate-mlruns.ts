// Mutations of an mlruns tree: its files (as a dropped folder gives them) and the zip of it (entries renamed,
// duplicated, with lying sizes, methods and offsets; the archive's bytes damaged).
import { mutateBytes, mutateText, token } from './mutate-bytes';
import type { Prng } from '../prng';
import type { SeedFile } from './seeds';
import { rawEntry, writeZip, type RawEntry } from './zip-writer';

const TEXT_FILE = /(meta\.yaml|\/metrics\/|\/params\/|\/tags\/|MLmodel|\.json|\.txt)/;

/** A path changed the way renames, broken unzips and hostile archives change them. */
function mutatePath(prng: Prng, path: string): string {
	const parts = path.split('/');
	const i = prng.int(parts.length);
	switch (prng.int(8)) {
		case 0:
			parts[i] = token(prng);
			break;
		case 1:
			parts[i] = '..';
			break;
		case 2:
			parts.splice(i, 0, ...Array.from({ length: 1 + prng.int(300) }, () => 'd'));
			break;
		case 3:
			parts[i] = prng.pick([
				'.trash',
				'models',
				'artifacts',
				'metrics',
				'params',
				'tags',
				'inputs',
				'meta.yaml'
			]);
			break;
		case 4:
			parts[i] = Array.from(prng.bytes(16), (b) => b.toString(16).padStart(2, '0')).join('');
			break;
		case 5:
			return `/${path}`;
		case 6:
			return parts.join('\\');
		default:
			parts.splice(i, 1);
	}
	return parts.join('/');
}

/** 1–3 changes to the files: contents (bytes or lines), paths, files deleted, duplicated or added. */
export function mutateFiles(prng: Prng, seed: SeedFile[]): SeedFile[] {
	const files = seed.map((f) => ({ ...f }));
	const changes = 1 + prng.int(3);
	for (let c = 0; c < changes && files.length > 0; c++) {
		const i = prng.int(files.length);
		const file = files[i] as SeedFile;
		const kind = prng.int(10);
		if (kind < 3) file.bytes = mutateBytes(prng, file.bytes);
		else if (kind < 6) {
			// Text files are where the parsers are: aim most line changes at them.
			const texts = files.filter((f) => TEXT_FILE.test(f.path));
			const target = texts.length ? prng.pick(texts) : file;
			target.bytes = mutateText(prng, target.bytes);
		} else if (kind === 6) file.path = mutatePath(prng, file.path);
		else if (kind === 7) files.splice(i, 1);
		else if (kind === 8)
			files.push({ path: mutatePath(prng, file.path), bytes: mutateBytes(prng, file.bytes) });
		else files.push({ path: file.path, bytes: mutateBytes(prng, file.bytes) });
	}
	return files;
}

/** A zip of the (maybe mutated) files, then changes to its entries or its bytes. */
export function mutateZip(prng: Prng, seed: SeedFile[]): Uint8Array {
	const files = prng.chance(0.3) ? mutateFiles(prng, seed) : seed;
	const entries: RawEntry[] = files.map((f) => rawEntry(f.path, f.bytes, prng.chance(0.8)));
	const changes = prng.int(4);
	for (let c = 0; c < changes && entries.length > 0; c++) {
		const e = entries[prng.int(entries.length)] as RawEntry;
		switch (prng.int(9)) {
			case 0:
				e.name = new TextEncoder().encode(mutatePath(prng, new TextDecoder().decode(e.name)));
				break;
			case 1:
				entries.push({ ...e, data: prng.chance(0.5) ? mutateBytes(prng, e.data) : e.data });
				break;
			case 2:
				e.originalSize = prng.pick([
					0,
					1,
					e.originalSize - 1,
					e.originalSize + 1,
					e.originalSize * 2,
					0xffffffff
				]);
				break;
			case 3:
				e.compressedSize = prng.pick([
					0,
					e.compressedSize - 1,
					e.compressedSize + 1,
					e.compressedSize * 3,
					0xfffffffe
				]);
				break;
			case 4:
				e.offsetLie = prng.pick([-30, -1, 1, 30, 1 << 20]);
				break;
			case 5:
				e.method = prng.pick([0, 8, 12, 99]);
				break;
			case 6:
				e.flags ^= prng.pick([1, 0x800, 0x8]);
				break;
			case 7:
				e.data = mutateBytes(prng, e.data);
				break;
			default:
				entries.splice(prng.int(entries.length + 1), 0, ...entries.splice(prng.int(entries.length), 1));
		}
	}
	const zip = writeZip(entries);
	return changes === 0 || prng.chance(0.3) ? mutateBytes(prng, zip) : zip;
}
