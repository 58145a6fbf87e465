// An Event record decoded into what an import keeps (docs/formats.md §5.4–5.8): the wall time and step, the file
// version, a session START (a restart), and each summary value's tag with its scalar, image or hparams payload.
// Graphs, run metadata and other plugins' payloads are left as bytes never decoded.
import { fields, float32, float64, text, toSigned64, WIRE, type Field } from './protobuf';

export interface EventValue {
	tag: string;
	/** plugin_data.plugin_name of the value's metadata, when it has one (often only the tag's first value). */
	plugin?: string;
	/** data_class SCALAR (1) in the metadata. */
	scalarClass?: boolean;
	/** plugin_data.content, for hparams. */
	pluginContent?: Uint8Array;
	simpleValue?: number;
	tensor?: Uint8Array;
	/** An encoded image (Summary.Image, TF1 and PyTorch). */
	image?: Uint8Array;
	/** Histogram, audio or other payloads present: counted, not imported. */
	other?: 'histogram' | 'audio';
}

export interface TfEvent {
	wallTime: number;
	step: number;
	fileVersion?: string;
	/** session_log.status = START. */
	sessionStart?: boolean;
	values: EventValue[];
}

export function decodeEvent(data: Uint8Array): TfEvent {
	const event: TfEvent = { wallTime: 0, step: 0, values: [] };
	for (const f of fields(data)) {
		if (f.number === 1 && f.wire === WIRE.fixed64) event.wallTime = float64(f);
		else if (f.number === 2 && f.wire === WIRE.varint) event.step = toSigned64(f.int);
		else if (f.number === 3 && f.wire === WIRE.bytes) event.fileVersion = text(f);
		else if (f.number === 5 && f.wire === WIRE.bytes) event.values.push(...decodeSummary(f.bytes));
		else if (f.number === 7 && f.wire === WIRE.bytes) event.sessionStart = sessionStatus(f.bytes) === 1;
	}
	return event;
}

function sessionStatus(bytes: Uint8Array): number {
	for (const f of fields(bytes)) if (f.number === 1 && f.wire === WIRE.varint) return f.int;
	return 0;
}

function decodeSummary(bytes: Uint8Array): EventValue[] {
	const values: EventValue[] = [];
	for (const f of fields(bytes))
		if (f.number === 1 && f.wire === WIRE.bytes) values.push(decodeValue(f.bytes));
	return values;
}

function decodeValue(bytes: Uint8Array): EventValue {
	const value: EventValue = { tag: '' };
	for (const f of fields(bytes)) {
		if (f.wire === WIRE.bytes) {
			if (f.number === 1) value.tag = text(f);
			else if (f.number === 4) value.image = imageBytes(f.bytes);
			else if (f.number === 5 || f.number === 3) value.other = 'histogram';
			else if (f.number === 6) value.other = 'audio';
			else if (f.number === 8) value.tensor = f.bytes;
			else if (f.number === 9) readMetadata(f, value);
		} else if (f.number === 2 && f.wire === WIRE.fixed32) value.simpleValue = float32(f);
	}
	return value;
}

function readMetadata(f: Field, value: EventValue): void {
	for (const m of fields(f.bytes)) {
		if (m.number === 1 && m.wire === WIRE.bytes) {
			for (const p of fields(m.bytes)) {
				if (p.number === 1 && p.wire === WIRE.bytes) value.plugin = text(p);
				else if (p.number === 2 && p.wire === WIRE.bytes) value.pluginContent = p.bytes;
			}
		} else if (m.number === 4 && m.wire === WIRE.varint) value.scalarClass = m.int === 1;
	}
}

/** Summary.Image's encoded_image_string (field 4). */
function imageBytes(bytes: Uint8Array): Uint8Array | undefined {
	for (const f of fields(bytes)) if (f.number === 4 && f.wire === WIRE.bytes) return f.bytes;
	return undefined;
}
