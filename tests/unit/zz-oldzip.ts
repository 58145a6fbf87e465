// Zips are expanded into SourceFiles before detection, so every importer also reads zipped folders.
// Entries are untrusted: '..' segments and absolute paths are refused, sizes and ratios are capped (zip bombs).
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { RunboardError } from '$lib/api/errors';
import { IMPORT_LIMITS } from '$lib/importers/limits';
import { fromBytes } from '$lib/importers/source-files';
import type { ImportWarning, SourceFile } from '$lib/importers/types';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** By name; by content (the PK magic) only when asked: sniffing every file of a 30,000-file folder costs seconds. */
export async function isZip(file: SourceFile, sniff: boolean): Promise<boolean> {
	if (/\.zip$/i.test(file.path)) return true;
	if (!sniff || file.size < 4) return false;
	const head = await firstBytes(file, 4);
	return ZIP_MAGIC.every((b, i) => head[i] === b);
}

async function firstBytes(file: SourceFile, n: number): Promise<Uint8Array> {
	const reader = file.stream().getReader();
	const { value } = await reader.read();
	await reader.cancel().catch(() => undefined);
	return (value ?? new Uint8Array()).slice(0, n);
}

/** A safe relative path inside the archive, or undefined when the entry must be refused. */
export function safeEntryPath(name: string): string | undefined {
	const normalised = name.replaceAll('\\', '/');
	if (normalised.startsWith('/') || /^[a-zA-Z]:/.test(normalised)) return undefined;
	const parts = normalised.split('/').filter((p) => p !== '' && p !== '.');
	if (parts.some((p) => p.trim() === '..' || p.includes('\0'))) return undefined;
	return parts.join('/');
}

export async function expandZip(
	zip: SourceFile
): Promise<{ files: SourceFile[]; warnings: ImportWarning[] }> {
	const warnings: ImportWarning[] = [];
	let expanded = 0;
	const refuse = (info: UnzipFileInfo, why: string) =>
		warnings.push({ kind: 'unsupported', file: `${zip.path}/${info.name}`, message: `${info.name}: ${why}` });
	const filter = (info: UnzipFileInfo): boolean => {
		if (info.name.endsWith('/')) return false;
		if (safeEntryPath(info.name) === undefined) {
			refuse(info, 'refused: the path leaves the archive (absolute or "..")');
			return false;
		}
		if (info.size > 0 && info.originalSize / info.size > IMPORT_LIMITS.maxZipRatio) {
			refuse(info, `refused: expands ${Math.round(info.originalSize / info.size)}× (a zip bomb?)`);
			return false;
		}
		expanded += info.originalSize;
		if (expanded > IMPORT_LIMITS.maxZipExpandedBytes) {
			throw new RunboardError(
				'IMPORT_CORRUPT',
				`${zip.path} expands to more than ${IMPORT_LIMITS.maxZipExpandedBytes / 2 ** 30} GiB; unzip it and drop the folder.`
			);
		}
		if (info.compression === 0 || info.compression === 8) return true;
		refuse(
			info,
			`skipped: compression method ${info.compression} is not supported (only stored and deflate)`
		);
		return false;
	};
	let entries: Record<string, Uint8Array>;
	try {
		entries = unzipSync(await zip.bytes(), { filter });
	} catch (error) {
		if (error instanceof RunboardError) throw error;
		throw new RunboardError(
			'IMPORT_CORRUPT',
			`${zip.path} is not a readable zip: ${(error as Error).message}`,
			{
				file: zip.path
			}
		);
	}
	const base = zip.path.replace(/\.zip$/i, '');
	const files = Object.entries(entries).map(([name, bytes]) =>
		fromBytes(`${base}/${safeEntryPath(name)}`, bytes)
	);
	return { files, warnings };
}
