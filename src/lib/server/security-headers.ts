/** Response headers every page and endpoint carries. */
export function securityHeaders(): Record<string, string> {
	return {};
}
