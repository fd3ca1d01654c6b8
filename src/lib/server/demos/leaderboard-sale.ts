import { PRODUCT_COUNT } from '../db/seed';
import { BEST_SELLERS_KEY, bestSellers, recordSale } from '../patterns/best-sellers';
import { defineDemo, integer } from './define';

/** The demo's sales go to customer 1; who bought does not change a product's rank. */
const CUSTOMER_ID = 1;

export default defineDemo({
	id: 'leaderboard-sale',
	title: 'Record a sale: the board follows without a recount',
	button: 'Record sale',
	pattern: 'best-sellers',
	runs: 'recordSale',
	inputs: {
		product: integer('Product', 1, PRODUCT_COUNT, 9),
		count: integer('Units', 1, 50, 5)
	},
	async run(ctx, { product, count }) {
		const sale = await recordSale(ctx, product, CUSTOMER_ID, count);
		const onBoard = sale.unitsSold !== null;
		return {
			outcome: 'write',
			result: {
				sale: `${count} × ${sale.product}`,
				'units sold': onBoard
					? sale.unitsSold
					: `not counted: ${BEST_SELLERS_KEY} is not built yet`,
				...(onBoard ? { top: (await bestSellers(ctx)).top } : {})
			},
			summary: onBoard
				? `${count} × ${sale.product} sold: ${sale.unitsSold} units on the board`
				: `${count} × ${sale.product} sold; the board is not built, the next read counts it`
		};
	}
});
