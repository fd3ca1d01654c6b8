/**
 * What the course's demo files use of valibot (the inputs of demos/define.ts), for the editor:
 * a demo's schema is built in the browser by the same functions as on the server. Only these,
 * not the whole library, so that the worker stays small; a unit test checks that the editable
 * demos use no other (tests/unit/editor-demos.test.ts).
 */
export {
	maxLength,
	maxValue,
	minLength,
	minValue,
	object,
	picklist,
	pipe,
	record,
	regex,
	string,
	transform,
	trim,
	unknown
} from 'valibot';
