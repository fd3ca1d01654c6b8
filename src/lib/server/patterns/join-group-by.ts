import type { PatternContext } from '../pattern-support';
import { tryCache } from './cache-aside';

export const TTL_SECONDS = 60;

/** One key shared by every reader: the whole dashboard. */
export const CITY_SUMMARY_KEY = 'aggregate:city-summary';

/** The city dashboard: four JOIN + GROUP BY queries over every sale, merged into one row per city. */
const CITY_SALES_SQL = `SELECT c.city, COUNT(*) AS orders, SUM(s.quantity) AS units,
		ROUND(SUM(s.quantity * p.price), 2) AS revenue,
		ROUND(SUM(s.quantity * p.price) / COUNT(*), 2) AS avgOrder,
		ROUND(100.0 * SUM(s.quantity * p.price) / SUM(SUM(s.quantity * p.price)) OVER (), 1) AS sharePct
	FROM sales s
	JOIN customers c ON c.id = s.customer_id
	JOIN inventory p ON p.id = s.product_id
	GROUP BY c.city`;
const CITY_CUSTOMERS_SQL = `SELECT c.city, COUNT(DISTINCT c.id) AS customers, COUNT(DISTINCT s.customer_id) AS buyers
	FROM customers c
	LEFT JOIN sales s ON s.customer_id = c.id
	GROUP BY c.city`;
const CITY_TOP_PRODUCT_SQL = `SELECT city, product FROM (
		SELECT c.city, p.name AS product, ROW_NUMBER() OVER (
			PARTITION BY c.city ORDER BY SUM(s.quantity * p.price) DESC, p.name) AS place
		FROM sales s
		JOIN customers c ON c.id = s.customer_id
		JOIN inventory p ON p.id = s.product_id
		GROUP BY c.city, p.id)
	WHERE place = 1`;
const CITY_TOP_CUSTOMER_SQL = `SELECT city, customer FROM (
		SELECT c.city, c.name AS customer, ROW_NUMBER() OVER (
			PARTITION BY c.city ORDER BY SUM(s.quantity * p.price) DESC, c.name) AS place
		FROM sales s
		JOIN customers c ON c.id = s.customer_id
		JOIN inventory p ON p.id = s.product_id
		GROUP BY c.city, c.id)
	WHERE place = 1`;

export interface CitySummary {
	city: string;
	customers: number;
	buyers: number;
	orders: number;
	units: number;
	revenue: number;
	avgOrder: number;
	sharePct: number;
	topProduct: string;
	topCustomer: string;
}

export async function buildCitySummary({ db }: PatternContext): Promise<CitySummary[]> {
	type Sales = Pick<CitySummary, 'city' | 'orders' | 'units' | 'revenue' | 'avgOrder' | 'sharePct'>;
	const sales = await db.all<Sales>(CITY_SALES_SQL);
	const people =
		await db.all<Pick<CitySummary, 'city' | 'customers' | 'buyers'>>(CITY_CUSTOMERS_SQL);
	const products = await db.all<{ city: string; product: string }>(CITY_TOP_PRODUCT_SQL);
	const bestCustomers = await db.all<{ city: string; customer: string }>(CITY_TOP_CUSTOMER_SQL);
	const noSales = { orders: 0, units: 0, revenue: 0, avgOrder: 0, sharePct: 0 };
	return people
		.map((row) => ({
			...row,
			...(sales.find((s) => s.city === row.city) ?? noSales),
			topProduct: products.find((p) => p.city === row.city)?.product ?? '',
			topCustomer: bestCustomers.find((c) => c.city === row.city)?.customer ?? ''
		}))
		.sort((a, b) => b.revenue - a.revenue || a.city.localeCompare(b.city));
}

/** The whole summary is read as one piece, so it is one JSON string. */
export async function readCitySummary(
	ctx: PatternContext
): Promise<{ cities: CitySummary[]; hit: boolean; cacheError?: Error }> {
	const cached = await tryCache(ctx.redis.get(CITY_SUMMARY_KEY));
	if (typeof cached === 'string') {
		return { cities: JSON.parse(cached) as CitySummary[], hit: true };
	}

	const cities = await buildCitySummary(ctx);
	// Redis unavailable: built from the database, as in cache-aside; nothing is written.
	if (cached instanceof Error) return { cities, hit: false, cacheError: cached };
	const json = JSON.stringify(cities);
	const stored = await tryCache(ctx.redis.set(CITY_SUMMARY_KEY, json, 'EX', TTL_SECONDS));
	if (stored instanceof Error) return { cities, hit: false, cacheError: stored };
	return { cities, hit: false };
}
