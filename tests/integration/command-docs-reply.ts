/** One command's entry in COMMAND DOCS, the parts the course shows. */
export interface CommandDoc {
	summary: string;
	since: string;
	group: string;
	complexity?: string;
}

/**
 * COMMAND DOCS as name → doc (RESP2: flat name/doc pairs, subcommands nested as `config|get`).
 * Names are lower-case, as the server gives them.
 */
export function commandDocs(flat: unknown[]): Record<string, CommandDoc> {
	const out: Record<string, CommandDoc> = {};
	for (let i = 0; i + 1 < flat.length; i += 2) {
		const name = String(flat[i]).toLowerCase();
		const fields = flat[i + 1] as unknown[];
		const doc: Partial<CommandDoc> = {};
		for (let j = 0; j + 1 < fields.length; j += 2) {
			const [field, value] = [fields[j], fields[j + 1]];
			if (field === 'summary' || field === 'since' || field === 'group' || field === 'complexity')
				doc[field] = String(value);
			if (field === 'subcommands') Object.assign(out, commandDocs(value as unknown[]));
		}
		out[name] = { summary: '', since: '', group: '', ...doc };
	}
	return out;
}
