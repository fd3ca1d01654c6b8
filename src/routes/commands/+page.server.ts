import { COMMAND_INDEX } from '$lib/server/content/command-index';
import { SEARCH_INDEX } from '$lib/server/content/search-index';

// The index goes to the page, where the search runs as the learner types; without JavaScript
// the form's GET ?q= is answered by the same search, on the server.
export const load = ({ url }) => ({
	commands: COMMAND_INDEX,
	searchIndex: SEARCH_INDEX,
	query: url.searchParams.get('q')?.slice(0, 100) ?? ''
});
