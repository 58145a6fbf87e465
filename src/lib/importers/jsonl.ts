// JSONL metric logs: one JSON object per line, wide (`{"step": 3, "loss": 0.2}`) or long
// (`{"key": "loss", "value": 0.2, "step": 3}`), optionally naming their run; Python's bare NaN/Infinity read.
// Recognised by a first line that is such a record, whatever the file is called. docs/formats.md §6.6; parts in
// ./jsonl/.
import { detectJsonl, FORMAT, readJsonl } from './jsonl/read';
import type { Importer } from './types';

export const jsonlImporter: Importer = {
	id: FORMAT,
	label: 'JSONL metric logs',
	detect: detectJsonl,
	read: readJsonl
};
