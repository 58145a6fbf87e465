// The XSS payload corpus (tests/fixtures/xss/payloads.txt): one payload per line, '# ' lines name a category,
// $ID becomes the payload's number (so a recorded execution names its payload) and ␤ a newline.
import { readFileSync } from 'node:fs';

export interface Payload {
	id: number;
	category: string;
	text: string;
}

const CORPUS = 'tests/fixtures/xss/payloads.txt';

export function loadPayloads(path = CORPUS): Payload[] {
	const payloads: Payload[] = [];
	let category = '';
	for (const line of readFileSync(path, 'utf8').split('\n')) {
		if (line === '') continue;
		if (line.startsWith('# ')) {
			category = line.slice(2);
			continue;
		}
		const id = payloads.length + 1;
		payloads.push({ id, category, text: line.replaceAll('$ID', String(id)).replaceAll('␤', '\n') });
	}
	return payloads;
}

/** A payload cut to fit a key (MLflow's 250-character limit), keeping its start where the attack is. */
export function asKey(p: Payload, max = 240): string {
	return p.text.length <= max ? p.text : p.text.slice(0, max);
}

/** A payload usable as one path segment of a file inside a zip (no separators, no NUL, not too long). */
export function asFileName(p: Payload): string {
	const name = p.text.replaceAll('/', '∕').replaceAll('\\', '⧵').replaceAll('\0', '').replaceAll('\n', ' ');
	const cut = name.slice(0, 180).trim();
	return cut === '' || cut === '.' || cut === '..' ? `payload-${p.id}` : cut;
}
