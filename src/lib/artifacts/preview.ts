// Turns an artifact's Blob into what its preview needs, reading only what it shows: the head for sniffing and
// hex, at most TEXT_CAP bytes of text. Nothing here renders; components show the result as text nodes, in
// <img>/<audio>/<video>, or (HTML/SVG documents) only inside a sandboxed frame.
import { hexDump } from './hex';
import { fileKind, looksTruncated, SNIFF_BYTES, type FileKind } from './kind';
import type { MlmodelSummary } from './mlmodel';
import { headBytes } from './io';
import type { TablePreview } from './table';

// The parsers (papaparse, yaml) are imported when a file of their kind is opened, not with the page.
const tables = () => import('./table');
const yaml = () => import('./mlmodel');

/** Text shown in full up to this size; larger files show their head with "download full". */
export const TEXT_CAP = 512 * 1024;
/** Above this, text is shown without syntax structure (no JSON tree, no YAML check). */
export const STRUCTURE_CAP = 5 * 1024 * 1024;

export interface Loaded {
	file: FileKind;
	size: number;
	text?: string;
	/** The text is the head of a larger file. */
	truncated?: boolean;
	json?: { value: unknown } | { error: string };
	/** Parsed JSON printed with two-space indents (one-line JSON, as log_table and log_dict write it, reads badly). */
	prettyJson?: string;
	yamlWarnings?: string[];
	table?: TablePreview;
	mlmodel?: MlmodelSummary;
	hex?: string;
	/** From a PDF's header, e.g. '1.4'. */
	pdfVersion?: string;
}

const TEXT_KINDS = new Set(['text', 'json', 'yaml', 'csv', 'tsv', 'mlmodel', 'html', 'svg']);

export async function loadPreview(
	path: string,
	blob: Blob,
	siblings: () => Promise<string[]>
): Promise<Loaded> {
	const head = await headBytes(blob, SNIFF_BYTES);
	const file = fileKind(path, head);
	const out: Loaded = { file, size: blob.size };
	if (file.kind === 'binary') {
		out.hex = hexDump(head);
		return out;
	}
	if (file.kind === 'pdf')
		out.pdfVersion = /^%PDF-(\d\.\d)/.exec(new TextDecoder().decode(head.subarray(0, 16)))?.[1];
	if (file.kind === 'image') {
		const tail = new Uint8Array(await blob.slice(Math.max(0, blob.size - 16)).arrayBuffer());
		if (looksTruncated(file.mime, tail))
			out.file = {
				...file,
				note: 'The file ends early (no end marker): it is truncated or corrupt; what could be decoded is shown.'
			};
	}
	if (!TEXT_KINDS.has(file.kind)) return out;
	const structured = file.kind === 'csv' || file.kind === 'tsv' || file.kind === 'json';
	const cap = structured && blob.size <= STRUCTURE_CAP ? STRUCTURE_CAP : TEXT_CAP;
	const text = await blob.slice(0, cap).text();
	out.truncated = blob.size > cap;
	out.text = out.truncated ? text.slice(0, text.lastIndexOf('\n') + 1) || text : text;
	if (file.kind === 'json' && !out.truncated) {
		try {
			const value: unknown = JSON.parse(out.text);
			out.json = { value };
			out.prettyJson = JSON.stringify(value, null, 2);
			out.table = (await tables()).tableFromJson(value) ?? undefined;
		} catch (error) {
			out.json = { error: (error as Error).message };
		}
	} else if (file.kind === 'yaml') {
		out.yamlWarnings = (await yaml()).parseYamlSafe(out.text).warnings;
	} else if (file.kind === 'csv' || file.kind === 'tsv') {
		out.table = (await tables()).parseDelimited(out.text, file.kind === 'csv' ? ',' : '\t');
	} else if (file.kind === 'mlmodel') {
		out.mlmodel = (await yaml()).summarizeMlmodel(out.text, await siblings());
	}
	if (out.truncated && out.text.length > TEXT_CAP) out.text = out.text.slice(0, TEXT_CAP);
	return out;
}
